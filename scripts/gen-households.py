#!/usr/bin/env python3
"""Writes a household file for the import benchmark: N households (about 3.5 members each)
spread over Hưng Yên's 104 communes, unique codes and citizen IDs, deterministic.
    python3 scripts/gen-households.py N OUT.csv"""
import csv, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261125)
communes = [11953, 11977, 11980, 11983, 11986, 11992, 11995, 12019, 12025, 12031, 12049, 12052, 12064, 12070, 12091,
            12103, 12127, 12133, 12142, 12148, 12166, 12184, 12196, 12205, 12220, 12238, 12247, 12271, 12280, 12286,
            12313, 12322, 12337, 12361, 12364, 12391, 12406, 12424, 12427, 12452, 12454, 12466, 12472, 12478, 12499,
            12511, 12517, 12523, 12526, 12532, 12577, 12586, 12595, 12613, 12619, 12631, 12634, 12676, 12685, 12688,
            12694, 12700, 12736, 12745, 12754, 12763, 12775, 12793, 12817, 12826, 12841, 12850, 12859, 12862, 12865,
            12904, 12919, 12922, 12943, 12961, 12970, 12988, 13003, 13021, 13039, 13057, 13063, 13066, 13075, 13093,
            13096, 13120, 13132, 13141, 13159, 13183, 13186, 13192, 13219, 13222, 13225, 13246, 13264, 13279]
surnames = ["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 10 + ["Phạm"] * 7 + ["Hoàng", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ", "Ngô"] * 2
given_m = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Long", "Nam", "Sơn", "Thắng", "Tuấn", "Việt"]
given_f = ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Trang", "Yến"]
serial = 0
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["ma_ho", "ma_xa", "thon", "khu_vuc", "ho_ten", "ngay_sinh", "gioi_tinh", "so_cccd", "quan_he_chu_ho", "dan_toc"])
    for h in range(n):
        commune = communes[h % len(communes)]
        code = f"B{h // len(communes):07d}"
        village = f"Thôn {1 + h % 12}"
        area = "Nông thôn" if h % 9 else "Thành thị"
        surname = rng.choice(surnames)
        people = [("Chủ hộ", "Nam", 1950 + rng.randrange(50))]
        if rng.random() < 0.8:
            people.append(("Vợ", "Nữ", 1952 + rng.randrange(50)))
        for _ in range(rng.choice([0, 1, 2, 2, 3])):
            people.append(("Con", rng.choice(["Nam", "Nữ"]), 1995 + rng.randrange(30)))
        for relation, sex, year in people:
            serial += 1
            given = rng.choice(given_m if sex == "Nam" else given_f)
            middle = "Văn" if sex == "Nam" else "Thị"
            born = f"{1 + rng.randrange(28):02d}/{1 + rng.randrange(12):02d}/{year}"
            age = 2026 - year
            century = (year - 1900) // 100 * 2 + (1 if sex == "Nữ" else 0)
            # Unique: the last six digits count within a birthplace, the birthplace changes every million.
            birthplace = (33, 34, 1, 22, 26, 27, 30, 31, 35, 36)[serial // 1000000]
            cccd = f"{birthplace:03d}{century}{year % 100:02d}{serial % 1000000:06d}" if age >= 14 else ""
            w.writerow([code, commune, village, area, f"{surname} {middle} {given}", born, sex, cccd, relation, "Kinh"])
