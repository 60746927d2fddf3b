#!/usr/bin/env python3
"""Browser journeys against a running policy-credit server (headless Chromium, phone size).

    python .ci/journeys.py BASE_URL [NAME ...]

Each journey is a function decorated with @journey; it gets a fresh browser session (`b`,
a Browser wrapping a Selenium driver) and fails by raising (use `check(cond, msg)`).
Output: `PASS name` / `FAIL name: reason` per journey (screenshot of a failure in
out/journeys/NAME.png), then `journeys: N passed, M failed` alone on the last line.
Exit code 1 if any journey failed. Naming journeys on the command line runs only those.

To add a journey: write one function below, decorated with @journey.
"""
from __future__ import annotations

import base64
import os
import sys
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
PHONE = (412, 915)
WAIT = 15  # seconds for a page/element to appear
SHOT_DIR = Path("out/journeys")

DEMO_PASSWORD = "demo1234"
FORBIDDEN_H1 = "Không có quyền truy cập"
NOT_FOUND_H1 = "Không tìm thấy"
CHANGE_PASSWORD_H1 = "Đổi mật khẩu"


class JourneyFailure(AssertionError):
    pass


def check(cond: object, message: str) -> None:
    if not cond:
        raise JourneyFailure(message)


# --------------------------------------------------------------------------- harness

JOURNEYS: list[tuple[str, Callable[["Browser"], None], dict]] = []


def journey(fn=None, *, javascript: bool = True):
    """Register a journey. `@journey` or `@journey(javascript=False)` (JS disabled in that browser)."""

    def register(f):
        JOURNEYS.append((f.__name__, f, {"javascript": javascript}))
        return f

    return register(fn) if fn is not None else register


def new_driver(javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        "--lang=vi-VN",
    ):
        options.add_argument(arg)
    prefs = {"intl.accept_languages": "vi-VN,vi"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # headless Chromium keeps windows at least 500 px wide: emulate the phone viewport.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True},
    )
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


class Browser:
    """Thin helpers over a Selenium driver; `b.d` is the raw driver."""

    def __init__(self, base: str, driver: webdriver.Chrome):
        self.base = base.rstrip("/")
        self.d = driver

    # navigation -------------------------------------------------------------
    def url(self, path: str) -> str:
        return urljoin(self.base + "/", path.lstrip("/"))

    def get(self, path: str) -> None:
        self.d.get(self.url(path))

    @property
    def path(self) -> str:
        parts = urlsplit(self.d.current_url)
        return parts.path + (("?" + parts.query) if parts.query else "")

    def wait_path(self, path: str, timeout: float = WAIT) -> None:
        try:
            WebDriverWait(self.d, timeout).until(lambda d: urlsplit(d.current_url).path == path)
        except TimeoutException:
            raise JourneyFailure(f"expected to be on {path}, but on {self.path}") from None

    # elements -----------------------------------------------------------------
    def find(self, css: str, timeout: float = WAIT):
        try:
            return WebDriverWait(self.d, timeout).until(
                lambda d: d.find_element(By.CSS_SELECTOR, css)
            )
        except TimeoutException:
            raise JourneyFailure(f"no element {css!r} on {self.path}") from None

    def find_all(self, css: str):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def has(self, css: str) -> bool:
        return bool(self.find_all(css))

    def text(self, css: str) -> str:
        return self.find(css).text.strip()

    def fill(self, css: str, value: str) -> None:
        el = self.find(css)
        el.clear()
        el.send_keys(value)

    def click_and_wait(self, css: str) -> None:
        """Click an element that loads a new document (even at the same URL), wait for it."""
        target = self.find(css)
        # mark the current document; a new document has a fresh `window` without the mark
        # (execute_script works in the JavaScript-disabled sessions too)
        self.d.execute_script("window.__journeyOldPage = true")
        target.click()

        def loaded(d):
            try:
                return d.execute_script(
                    "return window.__journeyOldPage !== true && document.readyState !== 'loading'"
                    " && !!document.body"
                )
            except WebDriverException:  # mid-navigation
                return False

        try:
            WebDriverWait(self.d, WAIT).until(loaded)
        except TimeoutException:
            raise JourneyFailure(f"no new page after clicking {css} (still on {self.path})") from None

    submit = click_and_wait

    def expect_h1(self, expected: str) -> None:
        got = self.text("h1")
        check(got == expected, f"h1 on {self.path} is {got!r}, expected {expected!r}")

    # HTTP status of a GET as the browser's session (needs JavaScript) ------------
    def status_of(self, path: str) -> int:
        """Status of GET path with the browser's cookies; redirects are not followed (0)."""
        return int(
            self.d.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'})"
                ".then(r => done(r.type === 'opaqueredirect' ? 0 : r.status))"
                ".catch(e => done(-1));",
                self.url(path),
            )
        )

    # session ------------------------------------------------------------------
    def login(self, username: str, password: str = DEMO_PASSWORD, expect_path: str | None = "/") -> None:
        self.get("/login")
        self.find("#login-form")
        self.fill("#login-form [name=username]", username)
        self.fill("#login-form [name=password]", password)
        self.click_and_wait("#login-submit")
        if expect_path is not None:
            self.wait_path(expect_path)

    def logout(self) -> None:
        self.click_and_wait("#logout-button")



# --------------------------------------------------------------------------- registry (#4)

def _household_file(tmp: Path, stamp: str, bad: bool) -> Path:
    """Two households of Phường Phố Hiến; with `bad`, one member's relation is nonsense."""
    serial = stamp[-6:]
    relation = "Hàng xóm" if bad else "Vợ"
    rows = [
        "ma_ho,ma_xa,thon,khu_vuc,ho_ten,ngay_sinh,gioi_tinh,so_cccd,quan_he_chu_ho,dan_toc",
        f"J{stamp}-1,11953,Tổ dân phố 2,Thành thị,Nguyễn Văn Hành Trình,12/03/1979,Nam,0330790{serial[:5]},Chủ hộ,Kinh",
        f"J{stamp}-1,11953,Tổ dân phố 2,Thành thị,Lê Thị Hành Trình,08/07/1981,Nữ,0331811{serial[:5]},{relation},Kinh",
        f"J{stamp}-2,11953,Tổ dân phố 5,Thành thị,Trần Đức Lộ Trình,01/01/1960,Nam,0330602{serial[:5]},Chủ hộ,Kinh",
    ]
    path = tmp / ("bad.csv" if bad else "good.csv")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _upload(b: Browser, path: Path) -> None:
    b.get("/households/import")
    b.find("#import-form [name=file]").send_keys(str(path.resolve()))
    b.submit("#import-submit")


@journey
def commune_imports_and_classifies_household(b: Browser) -> None:
    import tempfile
    stamp = str(int(time.time() * 1000))[-9:]
    b.login("commune")
    with tempfile.TemporaryDirectory() as tmp:
        _upload(b, _household_file(Path(tmp), stamp, bad=True))
        table = b.text("#import-errors")
        check("quan_he_chu_ho" in table and "Quan hệ với chủ hộ không hợp lệ" in table,
              f"the bad row's column and Vietnamese reason are not shown: {table[:300]!r}")
        cells = [td.text.strip() for td in b.find_all("#import-errors tbody tr:first-child td")]
        check(cells[:3] == ["2", "3", "quan_he_chu_ho"], f"expected row 2, line 3, column quan_he_chu_ho; got {cells}")
        _upload(b, _household_file(Path(tmp), stamp, bad=False))
        result = b.text("#import-result")
        check("2 hộ mới" in result, f"import result is {result!r}")
    b.get("/households")
    b.fill("#household-search [name=q]", "nguyen van hanh trinh")
    b.submit("#household-search-submit")
    links = b.find_all("#households-table a.household-link")
    check(len(links) == 1 and links[0].text.strip() == "Nguyễn Văn Hành Trình",
          f"search without diacritics found {[a.text for a in links]}")
    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", links[0])
    b.click_and_wait("#households-table a.household-link")
    b.find("#survey-form")
    # Phiếu B1 scored on the page: the answers of a household at the poverty cut-off (135 points).
    answers = {"household_size": "3_4", "dependants": "under_half", "head_education": "lower_secondary",
               "wage_earners": "one", "housing": "semi_solid", "floor_area": "8_to_20", "water": "safe",
               "latrine": "hygienic", "motorbike": "one", "fridge": "no", "television": "yes",
               "washer_or_aircon": "no", "car": "no", "farm_land": "under_0_2"}
    check(b.find("#method-score").is_selected(), "scoring is not the survey's default method")
    for item, option in answers.items():
        # Set as the keyboard would (Select() opens Chromium's popup, which eats the next click).
        select = b.find(f"#score-{item}")
        label = b.find(f"#score-{item} option[value='{option}']").text
        b.d.execute_script("arguments[0].focus()", select)
        ActionChains(b.d).send_keys(label).perform()
        check(Select(select).first_selected_option.get_attribute("value") == option, f"could not choose {option} for {item}")
    for code in ("health_insurance", "latrine", "telecom"):
        box = b.find(f"#survey-form input[value={code}]")
        b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", b.find("#survey-submit"))
    b.submit("#survey-submit")
    flash = b.text(".flash-success")
    check("Hộ nghèo" in flash and "Điểm thu nhập Phiếu B1" in flash and ": 135 ≤" in flash,
          f"classification and scored reasons not shown: {flash!r}")
    check(b.text("#current-classification") == "Hộ nghèo", "the household page does not show it as poor")
    check("Bảo hiểm y tế" in b.text("#classification-history"), "the history does not list the deprivations")


# --------------------------------------------------------------------------- book import (#14)

def _api_get(b: Browser, token: str, path: str) -> dict:
    import json
    import urllib.request
    request = urllib.request.Request(b.url(path), headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _api_token(b: Browser, username: str) -> str:
    import json
    import urllib.request
    body = json.dumps({"username": username, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(b.url("/api/v1/auth/token"), data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["token"]


@journey
def bank_imports_old_book_after_preview(b: Browser) -> None:
    """The branch's accountant previews an old book (check-only, the form's default), then
    imports it and opens the import's report."""
    import tempfile
    token = _api_token(b, "bank")
    household = _api_get(b, token, "/api/v1/households?unit=11953&limit=1")["items"][0]["code"]
    group = _api_get(b, token, "/api/v1/groups?unit=11953&limit=1")["items"][0]["name"]
    stamp = str(int(time.time() * 1000))[-9:]
    header = ("ma_khoan_vay,ma_chuong_trinh,ma_xa,ma_ho,ngay_giai_ngan,so_tien_giai_ngan,thoi_han_thang,lich_tra,"
              "du_no_trong_han,du_no_qua_han,du_no_khoanh,lai_tra_den_ngay,lai_chua_tra,ten_to")
    book = (f"{header}\nJ{stamp},clean_water_sanitation,11953,{household},15/10/2024,20000000,60,"
            f"\"15/10/2027:10000000;15/10/2028:10000000\",20000000,0,0,15/10/2026,50000,\"{group}\"\n")
    b.login("bank")
    with tempfile.TemporaryDirectory() as tmp:
        book_path = Path(tmp) / "so-cu.csv"
        book_path.write_text(book, encoding="utf-8")
        # Check-only is the form's default: the preview shows the reconciliation and writes nothing.
        b.get("/loans/import")
        b.expect_h1("Nhập sổ cho vay cũ")
        b.find("#book-import-form [name=file]").send_keys(str(book_path.resolve()))
        b.submit("#book-import-submit")
        table = b.text("#book-reconciliation")
        check("nước sạch" in table, f"the reconciliation does not show the program: {table[:300]!r}")
        check("Kiểm tra xong" in b.text("#book-import-result"), "the preview did not say nothing was written")
        b.get("/loans/import")
        b.find("#book-import-form [name=file]").send_keys(str(book_path.resolve()))
        box = b.find("#book-import-form [name=checkOnly]")
        if box.is_selected():
            b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
        b.submit("#book-import-submit")
        result = b.text("#book-import-result")
        check("Đã nhập 1 khoản vay," in result, f"import result is {result!r}")
        b.get("/loans/import")
        b.click_and_wait("#book-imports tbody tr:first-child a")
        check("Đối chiếu nhập sổ cũ" in b.text("h1"), "the import's report page did not open")
        check(b.has("#book-report-xlsx"), "the report has no Excel download")


# --------------------------------------------------------------------------- network (#5)

@journey
def union_founds_group_and_is_told_why(b: Browser) -> None:
    """The Women's Union officer founds a group, takes in households, and is told why her deputy may not be the leader's spouse."""
    stamp = str(int(time.time() * 1000))[-6:]
    b.login("union")
    b.get("/groups/new")
    b.fill("#g-village", "Tổ dân phố 2")
    b.fill("#g-name", f"Tổ hành trình {stamp}")
    b.submit("#group-submit")
    check("Đã thành lập" in b.text(".flash-success"), "no confirmation after founding the group")
    boxes = b.find_all("#members-form input[type=checkbox]")
    check(len(boxes) >= 5, f"only {len(boxes)} households offered from the registry")
    for box in boxes[:6]:
        box.send_keys(Keys.SPACE)  # the keyboard ticks a box without aiming the mouse
    b.submit("#members-submit")
    flash = b.text(".flash-success")
    check("Đã kết nạp 6 hộ" in flash, f"members not taken in: {flash!r}")
    # A head and the spouse of one household, from the board form's own options.
    options = [(o.get_attribute("value"), o.text) for o in b.find_all("#b-leader option") if o.get_attribute("value")]
    heads = {label.split(" – hộ ")[1].split(",")[0]: value for value, label in options if label.endswith("chủ hộ")}
    spouses = {label.split(" – hộ ")[1].split(",")[0]: value for value, label in options if label.endswith("vợ/chồng")}
    couple = next((code for code in heads if code in spouses), None)
    check(couple is not None, "no household with head and spouse among the members")
    Select(b.find("#b-leader")).select_by_value(heads[couple])
    Select(b.find("#b-deputy")).select_by_value(spouses[couple])
    b.submit("#board-submit")
    error = b.text(".flash-error")
    check("vợ/chồng" in error and "không được là vợ chồng, cha mẹ, con hoặc anh chị em ruột" in error,
          f"the refusal does not say why in Vietnamese: {error!r}")
    check("Chưa bầu" in b.text("#group-leader"), "a refused board was saved")
    # The commune's transaction schedule, from the commune's page, printed on A4.
    b.get("/units/11953")
    b.click_and_wait("#commune-schedule-link")
    check("Lịch giao dịch năm" in b.text("h1") and "Phường Phố Hiến" in b.text("h1"), f"schedule heading is {b.text('h1')!r}")
    check(len(b.find_all("#commune-schedule tbody tr")) >= 12, "the year's sittings are not listed")
    from selenium.webdriver.common.print_page_options import PrintOptions
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(b.d.print_page(options))
    check(pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 1, "the schedule does not print")

def run(base: str, only: list[str]) -> int:
    selected = [j for j in JOURNEYS if not only or j[0] in only]
    unknown = set(only) - {j[0] for j in JOURNEYS}
    if unknown:
        print(f"unknown journeys: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    passed = failed = 0
    for name, fn, opts in selected:
        started = time.monotonic()
        driver = None
        try:
            driver = new_driver(javascript=opts["javascript"])
            fn(Browser(base, driver))
            passed += 1
            print(f"PASS {name} ({time.monotonic() - started:.1f}s)", flush=True)
        except Exception as exc:  # noqa: BLE001 - a journey fails on anything
            failed += 1
            text = (exc.msg or "") if isinstance(exc, WebDriverException) else str(exc)
            reason = text.strip().splitlines()[0] if text.strip() else "(no message)"
            where = ""
            if driver is not None:
                try:
                    where = f" [at {driver.current_url}]"
                    SHOT_DIR.mkdir(parents=True, exist_ok=True)
                    driver.save_screenshot(str(SHOT_DIR / f"{name}.png"))
                    (SHOT_DIR / f"{name}.html").write_text(driver.page_source, encoding="utf-8")
                except Exception:  # noqa: BLE001
                    pass
            print(f"FAIL {name}: {type(exc).__name__}: {reason}{where}", flush=True)
            if not isinstance(exc, JourneyFailure):  # where in the journey it broke
                for frame in traceback.extract_tb(exc.__traceback__)[1:]:
                    print(f"    {Path(frame.filename).name}:{frame.lineno} in {frame.name}: {frame.line}")
        finally:
            if driver is not None:
                try:
                    driver.quit()
                except Exception:  # noqa: BLE001
                    pass
    print(f"journeys: {passed} passed, {failed} failed", flush=True)
    return 1 if failed or not selected else 0


# --------------------------------------------------------------------------- journeys


@journey
def commune_search_and_scope(b: Browser) -> None:
    b.login("commune")
    check(b.text("#current-user"), "#current-user is empty after login")

    b.get("/units")
    b.fill("#unit-search [name=q]", "pho hien")
    b.submit("#unit-search-submit")
    b.find("#units-table")
    links = [a for a in b.find_all("#units-table a.unit-link") if urlsplit(a.get_attribute("href")).path == "/units/11953"]
    check(links, f"no link to /units/11953 in #units-table after searching 'pho hien' (url {b.path})")
    check(links[0].text.strip() == "Phường Phố Hiến", f"link text is {links[0].text.strip()!r}")

    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", links[0])
    links[0].click()
    b.wait_path("/units/11953")
    b.expect_h1("Phường Phố Hiến")
    b.find("#unit-history")

    check(b.status_of("/units?province=1") == 403, "GET /units?province=1 as commune is not 403")
    b.get("/units?province=1")
    b.expect_h1(FORBIDDEN_H1)

    b.get("/units/4")
    b.expect_h1(NOT_FOUND_H1)

    b.logout()
    b.get("/units")
    b.wait_path("/login")


@journey
def wrong_password_shows_error(b: Browser) -> None:
    b.login("commune", "wrong-password", expect_path=None)
    b.wait_path("/login")
    check(b.find(".flash-error").text.strip(), ".flash-error is empty")
    check(not b.has("#current-user") or not b.text("#current-user"), "a user is shown as logged in")
    b.get("/units")
    b.wait_path("/login")


@journey
def admin_creates_user(b: Browser) -> None:
    b.login("admin")
    username = f"ci-{int(time.time() * 1000)}"
    password = "Ci-Journey-Pass-2468"
    b.get("/admin/users/new")
    b.find("#user-form")
    b.fill("#user-form [name=username]", username)
    b.fill("#user-form [name=displayName]", f"CI {username}")
    b.fill("#user-form [name=password]", password)
    Select(b.find("#user-form select[name=role]")).select_by_value("commune")
    b.fill("#user-form [name=scopeUnit]", "11953")
    b.submit("#user-submit")
    path = urlsplit(b.d.current_url).path
    check(
        path.startswith("/admin/users/") and path.rstrip("/").rsplit("/", 1)[-1] not in ("new", "users"),
        f"after creating a user, on {b.path}; flash-error: "
        + (b.find_all(".flash-error")[0].text if b.has(".flash-error") else "none"),
    )
    b.find(".flash-success")
    check(username in b.text("h1"), f"h1 {b.text('h1')!r} does not hold {username!r}")

    b.logout()
    b.login(username, password, expect_path="/account/password")
    b.expect_h1(CHANGE_PASSWORD_H1)


@journey
def keyboard_only_login(b: Browser) -> None:
    b.get("/login")
    user = b.find("#login-form [name=username]")
    b.d.execute_script("arguments[0].focus()", user)
    check(b.d.switch_to.active_element == user, "could not focus the username field")
    ActionChains(b.d).send_keys("commune").send_keys(Keys.TAB).perform()
    active = b.d.switch_to.active_element
    check(active.get_attribute("name") == "password", f"TAB from username went to {active.tag_name} name={active.get_attribute('name')!r}")
    ActionChains(b.d).send_keys(DEMO_PASSWORD).perform()
    # TAB until the submit button has the focus (it must be reachable), then ENTER
    for _ in range(10):
        ActionChains(b.d).send_keys(Keys.TAB).perform()
        if b.d.switch_to.active_element.get_attribute("id") == "login-submit":
            break
    else:
        raise JourneyFailure("#login-submit not reached with TAB within 10 presses after the password")
    ActionChains(b.d).send_keys(Keys.ENTER).perform()
    b.wait_path("/")
    check(b.text("#current-user"), "#current-user is empty after keyboard login")


class _Resources(HTMLParser):
    """Collects URLs of link[href], script[src], img[src] (and notes inline scripts)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            self.urls.append((tag, a["href"]))
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append((tag, a["src"]))
        elif tag == "img" and a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.urls.append((tag, part.strip().split()[0]))


def _foreign_resources(b: Browser) -> list[str]:
    own = urlsplit(b.base)
    parser = _Resources()
    parser.feed(b.d.page_source)
    bad = []
    for tag, raw in parser.urls:
        full = urlsplit(urljoin(b.d.current_url, raw))
        if full.scheme in ("data",):
            continue
        if (full.scheme, full.netloc) != (own.scheme, own.netloc):
            bad.append(f"<{tag}> {raw}")
    return bad


@journey(javascript=False)
def pages_have_no_js_requirement(b: Browser) -> None:
    """With JavaScript switched off: nothing loaded from elsewhere, and login + search still work."""
    b.get("/login")
    bad = _foreign_resources(b)
    check(not bad, f"/login loads from outside the server: {bad}")
    b.login("commune")
    b.get("/units")
    bad = _foreign_resources(b)
    check(not bad, f"/units loads from outside the server: {bad}")
    b.fill("#unit-search [name=q]", "pho hien")
    b.submit("#unit-search-submit")
    hrefs = [urlsplit(a.get_attribute("href")).path for a in b.find_all("#units-table a.unit-link")]
    check("/units/11953" in hrefs, f"search without JavaScript did not find /units/11953 (links: {hrefs[:5]})")
    b.logout()
    b.get("/units")
    b.wait_path("/login")


# axe-core accessibility check (axe-selenium-python bundles axe.min.js; no network needed)
try:
    from axe_selenium_python import Axe
except ImportError:  # pragma: no cover - requirements.txt installs it
    Axe = None

AXE_FAIL_IMPACTS = {"critical", "serious"}


def _axe_violations(b: Browser) -> list[str]:
    axe = Axe(b.d)
    axe.inject()
    results = axe.run()
    found = []
    for v in results.get("violations", []):
        if v.get("impact") in AXE_FAIL_IMPACTS:
            targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])][:3]
            found.append(f"{b.path}: [{v['impact']}] {v['id']}: {v.get('help', '')} at {targets}")
    return found


@journey
def axe_login_and_units(b: Browser) -> None:
    check(Axe is not None, "axe-selenium-python is not installed")
    problems = []
    b.get("/login")
    b.find("#login-form")
    problems += _axe_violations(b)
    b.login("commune")
    b.get("/units?q=pho%20hien")
    b.find("#units-table")
    problems += _axe_violations(b)
    if problems:
        SHOT_DIR.mkdir(parents=True, exist_ok=True)
        (SHOT_DIR / "axe_login_and_units.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems))


@journey
def sitting_record_and_month_indicators(b: Browser) -> None:
    """The bank officer opens a held sitting from the point's calendar and sees what was done at it and by whom; then the month's indicators; both pass axe."""
    check(Axe is not None, "axe-selenium-python is not installed")
    b.login("bank")
    b.get("/points/point-11953-1")
    links = [a.get_attribute("href") for a in b.find_all("#days-table a[href*='/transaction-days/']")]
    check(len(links) > 0, "the point's calendar links no sitting to its page")
    b.d.get(links[0])
    b.find("#day-facts")
    check(b.has("#day-empty") or len(b.find_all("table[id^='day-'] tbody tr")) > 0, "the sitting's page shows neither business nor that there was none")
    problems = _axe_violations(b)
    b.get("/indicators")
    b.find("#indicator-summary")
    check(b.has("#indicators-open") or b.has("#indicators-organisation"), "the indicators page says neither the figures nor that the month is open")
    problems += _axe_violations(b)
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems))


@journey
def loan_from_application_to_disbursement(b: Browser) -> None:
    """A loan from form 01/TD to disbursement, each step by its user: the leader's form and vetting list, the commune's certification, the check and a second officer's approval, the disbursement; the loan page shows the schedule and the ledger lines."""
    stamp = int(time.time() * 1000)
    b.login("leader")
    b.get("/my-group")
    codes = [row.find_elements(By.CSS_SELECTOR, "td")[0].text for row in b.find_all("#group-members tbody tr")]
    check(len(codes) >= 5, f"the leader's group lists {len(codes)} members")
    code = codes[stamp % len(codes)]
    b.get("/applications/new")
    b.fill("#household-code", code)
    b.submit("#household-lookup-submit")
    check(code in b.text("#household-found"), "the household was not found from its code")
    Select(b.find("#program")).select_by_value("job_creation")
    b.fill("#amount", "12.000.000")
    b.fill("#term", "24")
    b.fill("#interval", "12")
    b.fill("#purpose", f"Mua máy khâu mở tiệm may (hành trình {stamp})")
    b.submit("#application-submit")
    check("Đã nhận hồ sơ" in b.text(".flash-success"), "no confirmation of the application")
    application = b.path
    check(application.startswith("/applications/"), f"not on the application page: {application}")
    app_id = application.rsplit("/", 1)[1]
    # The group's vetting meeting: the list 03/TD with the group's decision.
    b.get("/groups/demo-group-11953-1/vetting")
    Select(b.find(f"#d-{app_id}")).select_by_value("agree")
    b.fill("#vet-attendees", "5")
    b.fill("#vet-minutes", "Trưởng thôn và Hội LHPN phường chứng kiến; tổ thống nhất.")
    b.submit("#vetting-submit")
    check("Đã ghi biên bản họp bình xét" in b.text(".flash-success"), "the vetting was not recorded")
    b.logout()
    # The commune certifies the list.
    b.login("commune")
    b.get("/applications/certify")
    box = b.find(f"input.certify-pick[value='{app_id}']")
    box.send_keys(Keys.SPACE)
    b.submit("#certify-submit")
    check("UBND xã đã xác nhận 1 hồ sơ" in b.text(".flash-success"), "the certification was not recorded")
    b.logout()
    # The credit officer checks the file; he may not approve it himself.
    b.login("bank")
    b.get(application)
    b.submit("#prepare-submit")
    check("Đã thẩm định" in b.text(".flash-success"), "the check was not recorded")
    check("một cán bộ khác phải phê duyệt" in b.text("#decide-blocked"), "the preparer is not told a second officer must approve")
    check(not b.has("#decide-form"), "the preparer is offered the approval")
    b.logout()
    b.login("approver")
    b.get(application)
    b.submit("#decide-submit")
    check("Đã phê duyệt" in b.text(".flash-success"), "the approval was not recorded")
    b.logout()
    # Disbursement at the commune point; the loan page shows the schedule and its ledger lines.
    b.login("bank")
    b.get(application)
    b.submit("#disburse-submit")
    check("Đã giải ngân" in b.text(".flash-success"), "the disbursement was not confirmed")
    check(b.path.startswith("/loans/"), f"not on the loan page after disbursing: {b.path}")
    check("12.000.000" in b.text("#loan-outstanding"), f"outstanding is {b.text('#loan-outstanding')!r}")
    check(len(b.find_all("#loan-schedule tbody tr")) == 2, "the schedule does not have two yearly instalments")
    ledger = b.text("#loan-ledger")
    check("2111" in ledger and "1011" in ledger and "4811" in ledger, "the ledger lines of the disbursement are not shown")


@journey
def officer_keys_in_collections(b: Browser) -> None:
    """The bank officer prints a group's collection sheet, keys in its results with the keyboard, is refused a cash mismatch with both totals, corrects it and posts; the sheet then shows the member's savings."""
    b.login("bank")
    b.get("/groups/demo-group-11953-1")
    b.click_and_wait("#collection-sheet-link")
    check("BẢNG KÊ THU LÃI, THU TIẾT KIỆM" in b.text("h1"), f"sheet heading is {b.text('h1')!r}")
    from selenium.webdriver.common.print_page_options import PrintOptions
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(b.d.print_page(options))
    check(pdf.startswith(b"%PDF"), "the sheet does not print")
    before = b.find_all("#sheet-table tbody tr")[0].find_elements(By.CSS_SELECTOR, "td")[-2].text
    b.click_and_wait("#collections-entry-link")
    # Keyboard only: type into the first member's deposit, then the cash, and press Enter.
    deposit = b.find("#s-0")
    deposit.send_keys(Keys.CONTROL, "a")
    deposit.send_keys("75000")
    cash = b.find("#c-cash")
    cash.send_keys("1")
    b.d.execute_script("window.__journeyOldPage = true")
    cash.send_keys(Keys.ENTER)
    WebDriverWait(b.d, WAIT).until(lambda d: d.execute_script("return window.__journeyOldPage !== true && !!document.body"))
    error = b.text(".flash-error")
    check("Tiền mặt thực thu 1 đ khác tổng các dòng" in error, f"the mismatch is not explained with both totals: {error!r}")
    total = error.split("khác tổng các dòng ")[1].split(" đ")[0]
    cash = b.find("#c-cash")
    cash.send_keys(Keys.CONTROL, "a")
    cash.send_keys(total)
    b.d.execute_script("window.__journeyOldPage = true")
    cash.send_keys(Keys.ENTER)
    WebDriverWait(b.d, WAIT).until(lambda d: d.execute_script("return window.__journeyOldPage !== true && !!document.body"))
    check("Đã ghi" in b.text(".flash-success"), f"the batch was not posted: {b.text('main')[:300]!r}")
    b.get("/groups/demo-group-11953-1/collection-sheet")
    after = b.find_all("#sheet-table tbody tr")[0].find_elements(By.CSS_SELECTOR, "td")[-2].text
    as_number = lambda text: int(text.replace(".", "") or "0")
    check(as_number(after) == as_number(before) + 75000, f"savings went from {before!r} to {after!r}, not up by 75.000")


@journey
def admin_records_rate_cut_and_bank_sees_refunds(b: Browser) -> None:
    """The administrator records a retroactive rate cut from its decision (a bad value is refused
    in Vietnamese and the form keeps what was typed), sees it listed as not yet in the book,
    withdraws it with a reason; the bank officer opens the refunds list; both pages pass axe."""
    stamp = str(int(time.time() * 1000))[-9:]
    b.login("admin")
    b.get("/rate-adjustments")
    b.find("#adjustment-form")

    def set_value(css: str, value: str) -> None:
        # Chromium's date inputs follow the browser's locale when typed into; set the ISO value.
        b.d.execute_script("arguments[0].value = arguments[1]", b.find(css), value)

    b.fill("#a-id", f"J-{stamp}")
    b.fill("#a-name", "Giảm lãi thử nghiệm")
    set_value("#a-from", "2025-10-01")
    set_value("#a-through", "2025-12-31")
    b.fill("#a-value", "-25")
    b.fill("#a-provinces", "33")
    b.fill("#a-source", "Quyết định thử nghiệm")
    b.submit("#adjustment-submit")
    flash = b.text(".flash, [role=alert]")
    check("Mức điều chỉnh" in flash, f"a cut of 25 %/năm is refused with the reason, got {flash!r}")
    check(b.find("#a-id").get_attribute("value") == f"J-{stamp}", "the form keeps what was typed")
    b.fill("#a-value", "-2")
    set_value("#a-from", "2025-10-01")
    set_value("#a-through", "2025-12-31")
    b.submit("#adjustment-submit")
    b.wait_path("/rate-adjustments")
    row = [r for r in b.find_all("#adjustments-table tbody tr") if f"J-{stamp}" in r.text]
    check(len(row) == 1 and "−2 %/năm" in row[0].text and "Chưa ghi sổ" in row[0].text,
          f"the cut is listed, not yet in the book: {[r.text for r in row]}")
    problems = _axe_violations(b)
    b.fill(f"#w-J-{stamp}", "Nhập thử")
    b.submit(f"form[action='/rate-adjustments/J-{stamp}/withdraw'] button")
    check(f"J-{stamp}" not in b.text("#adjustments-table"), "the withdrawn cut is gone")
    b.logout()
    b.login("bank")
    b.get("/interest-refunds?unit=11953")
    b.find("h1")
    check(b.has("#refunds-empty") or b.has("#refunds-table"), "the refunds list or its empty note")
    problems += _axe_violations(b)
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems[:6]))


@journey
def axe_network_and_lending_pages(b: Browser) -> None:
    """The pages of the entrusted network, the calendar, the programs and the ledger pass axe's serious checks."""
    check(Axe is not None, "axe-selenium-python is not installed")
    problems = []
    b.login("bank")
    for path, marker in [("/groups?unit=11953", "#groups-table"), ("/groups/demo-group-11953-1", "#group-members"),
                         ("/organisations?unit=11953", "#organisations-table"), ("/offices/office-33-branch/calendar", "#calendar-table"),
                         ("/points/point-11953-1", "#days-table"), ("/units/11953/schedule", "#commune-schedule"),
                         ("/groups/ratings", "h1"), ("/groups/import", "#group-import-form"), ("/programs", "#program-poor_household"),
                         ("/ledger", "#trial-balance"), ("/poverty/scorecards", "h1"), ("/applications", "#applications-table"),
                         ("/applications/new", "#household-lookup"), ("/loans?unit=11953", "#loans-table"), ("/loans/due", "#due-table"),
                         ("/loans/quality?by=group", "#quality-table"), ("/groups/demo-group-11953-1/collection-sheet", "#sheet-table"),
                         ("/groups/demo-group-11953-1/collections/new", "#collections-table")]:
        b.get(path)
        b.find(marker)
        problems += [f"{path}: {p}" for p in _axe_violations(b)]
    if problems:
        SHOT_DIR.mkdir(parents=True, exist_ok=True)
        (SHOT_DIR / "axe_network_and_lending_pages.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems[:8]))



@journey
def bank_closes_member_savings(b: Browser) -> None:
    """The bank officer opens a member's savings statement from a group's collection sheet (a
    commune whose savings came from the old book; the last member with savings), is refused a closing
    day in the future in Vietnamese, closes the account: the statement shows the interest credited
    and the payout, says the account is closed, and passes axe."""
    b.login("bank")
    b.get("/groups/demo-group-11977-1/collection-sheet")
    rows = [r for r in b.find_all("#sheet-table tbody tr")
            if r.find_elements(By.CSS_SELECTOR, "td")[-2].text.replace(".", "").strip() not in ("", "0")]
    check(rows, "no member of the group has savings to close")
    link = rows[-1].find_element(By.CSS_SELECTOR, "a").get_attribute("href")
    b.get(link)
    check("ĐỐI CHIẾU SỐ DƯ TIỀN GỬI" in b.text("h1"), f"statement heading is {b.text('h1')!r}")
    date = b.find("#close-date")
    b.d.execute_script("arguments[0].removeAttribute('max'); arguments[0].value = '2099-01-01'", date)
    b.click_and_wait("#savings-close button[type=submit]")
    check("ở tương lai" in b.text(".flash-error"), f"a future day is not refused: {b.text('main')[:300]!r}")
    b.click_and_wait("#savings-close button[type=submit]")
    check("Đã tất toán sổ" in b.text(".flash-success"), f"the account was not closed: {b.text('main')[:300]!r}")
    check("Sổ đã tất toán" in b.text("#savings-closed"), "the statement does not say the account is closed")
    check("Tất toán, chi trả" in b.text("#savings-table"), "the payout is not on the statement")
    check(b.text("#savings-balance") in ("0 đ", "0\u00a0đ"), f"balance after closing is {b.text('#savings-balance')!r}")
    problems = _axe_violations(b)
    check(not problems, f"serious/critical axe violations: {problems[:5]}")


@journey
def finance_records_capital_and_leader_reads_dashboard(b: Browser) -> None:
    """The Department of Finance records a province allocation and sees the local share move; a
    transfer beyond a program's balance is refused in Vietnamese; the province's leader lands on
    the dashboard and follows the share to the capital page. Each page passes axe."""
    check(Axe is not None, "axe-selenium-python is not installed")
    b.login("finance")
    b.get("/capital")
    before = b.text("#capital-cards")
    problems = [f"/capital: {p}" for p in _axe_violations(b)]
    b.fill("#ca-amount", "50.000.000.000")
    b.fill("#ca-number", "NQ hành trình/NQ-HĐND")
    b.submit("#capital-allocation-submit")
    check("Đã ghi 50.000.000.000" in b.text(".flash-success"), f"no confirmation: {b.text('main')[:200]!r}")
    check(b.text("#capital-cards") != before, "the share did not move after the allocation")
    check("NQ hành trình/NQ-HĐND" in b.text("#capital-movements"), "the allocation is not listed")
    Select(b.find("#ct-to")).select_by_value("social_housing")
    b.fill("#ct-amount", "900.000.000.000.000")
    b.fill("#ct-number", "QĐ hành trình")
    b.submit("#capital-transfer-submit")
    check("không đủ" in b.text(".flash-error"), f"an over-transfer is not refused: {b.text('main')[:200]!r}")
    b.logout()
    b.login("province")
    b.get("/")
    b.click_and_wait("a[href='/dashboard']")
    check("Bảng điều hành" in b.text("h1"), f"dashboard heading is {b.text('h1')!r}")
    problems += [f"/dashboard: {p}" for p in _axe_violations(b)]
    b.click_and_wait("#dashboard-cards a[href^='/capital']")
    check("Nguồn vốn" in b.text("h1"), "the share card does not lead to the capital page")
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems[:6]))


@journey
def construction_registers_housing_demand(b: Browser) -> None:
    """The Department of Construction registers a social-housing demand above the income ceiling
    (refused, with the reason) and one within it, and sees the commune's total move; axe."""
    import re
    check(Axe is not None, "axe-selenium-python is not installed")
    b.login("construction")
    b.get("/reports/housing-demand")
    def households() -> int:
        found = re.search(r"Tổng: (\d+) hộ", b.text("main"))
        check(found is not None, "the summary gives no total")
        return int(found.group(1))
    start = households()
    def register(income: str) -> None:
        b.get("/housing-demand")
        b.fill("#hd-unit", "11953")
        b.fill("#hd-applicant", "Người lao động hành trình")
        Select(b.find("#hd-beneficiary")).select_by_value("worker")
        Select(b.find("#hd-marital")).select_by_value("single")
        b.fill("#hd-income", income)
        b.fill("#hd-amount", "400000000")
        b.submit("#housing-demand-submit")
    register("90000000")
    check("mức trần" in b.text(".flash-error"), f"the refusal does not name the ceiling: {b.text('main')[:200]!r}")
    problems = [f"/housing-demand: {p}" for p in _axe_violations(b)]
    register("9000000")
    check("Đã ghi nhu cầu" in b.text(".flash-success"), f"not registered: {b.text('main')[:200]!r}")
    b.get("/reports/housing-demand")
    check(households() == start + 1, "the commune's total did not move by one household")
    problems += [f"/reports/housing-demand: {p}" for p in _axe_violations(b)]
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems[:6]))


def _session_get(b: Browser, path: str) -> tuple[str, bytes]:
    """GET path with the browser's session cookie: (content type, body)."""
    import urllib.request
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in b.d.get_cookies())
    request = urllib.request.Request(b.url(path), headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.headers.get("Content-Type", ""), response.read()


@journey
def leader_follows_overdue_and_prints_monthly_report(b: Browser) -> None:
    """The province's leader signs in and lands on the dashboard, follows the overdue figure to
    a commune's overdue loans, to a group and to a loan, then opens the monthly report in the
    administrative format and downloads it as a PDF and as Excel. Each page passes axe."""
    check(Axe is not None, "axe-selenium-python is not installed")
    b.login("province")
    check("Bảng điều hành" in b.text("h1"), f"the leader lands on {b.text('h1')!r}")
    problems = [f"/: {p}" for p in _axe_violations(b)]
    overdue = [a.get_attribute("href") for a in b.find_all("#dashboard-communes a[href*='status=overdue']")]
    check(len(overdue) > 0, "no commune's overdue figure links to its overdue loans")
    b.d.get(overdue[0])
    check(len(b.find_all("a.loan-link")) > 0, "the commune's overdue figure leads to no loan")
    problems += [f"{b.path}: {p}" for p in _axe_violations(b)]
    groups = [a.get_attribute("href") for a in b.find_all("a.group-link")]
    check(len(groups) > 0, "an overdue loan does not link to its group")
    b.d.get(groups[0])
    problems += [f"{b.path}: {p}" for p in _axe_violations(b)]
    b.click_and_wait("a[href^='/loans?group=']")
    b.click_and_wait("a.loan-link")
    check(b.path.startswith("/loans/"), f"the group's loans lead to {b.path}")
    problems += [f"{b.path}: {p}" for p in _axe_violations(b)]
    b.get("/")
    b.click_and_wait("nav.menu a[href='/reports']")
    b.click_and_wait("#standard-reports a[href='/reports/monthly']")
    report = b.text("#standard-report")
    check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in report and "THỦ TRƯỞNG" in report,
          "the monthly report lacks the official header or signature block")
    check(len(b.find_all("#standard-report-table tbody tr")) > 0, "the monthly report has no rows")
    problems += [f"/reports/monthly: {p}" for p in _axe_violations(b)]
    pdf = b.find("#standard-report-pdf").get_attribute("href")
    kind, body = _session_get(b, pdf[len(b.base):] if pdf.startswith(b.base) else pdf)
    check(kind.startswith("application/pdf") and body.startswith(b"%PDF"), f"the PDF is {kind!r}")
    kind, body = _session_get(b, "/reports/monthly?format=xlsx")
    check(body.startswith(b"PK"), f"the Excel export is {kind!r}")
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems[:6]))


def _set_value(b: Browser, css: str, value: str) -> None:
    """A date field's value, as the browser would send it (typing depends on the locale)."""
    b.d.execute_script("arguments[0].value = arguments[1]", b.find(css), value)


@journey
def inspector_finding_followed_up_and_public_models(b: Browser) -> None:
    """An inspector plans an inspection of a group, records a finding with a due date on two of
    its loans; the bank officer records the action taken and closes it; a union officer records
    a wrong-purpose loan-use check and sees the finding open; the public page of exemplary
    models shows a model without the personal data its owner did not agree to publish. Each
    page passes axe."""
    import datetime
    check(Axe is not None, "axe-selenium-python is not installed")
    stamp = str(int(time.time()))
    b.login("inspector")
    b.get("/inspections")
    b.find("details summary").click()
    b.fill("#plan-title", f"Kế hoạch hành trình {stamp}")
    b.fill("#plan-planned", "6")
    b.submit("#plan-submit")
    check("Đã lập kế hoạch" in b.text(".flash-success"), f"no plan: {b.text('main')[:200]!r}")
    problems = [f"/inspections: {p}" for p in _axe_violations(b)]
    Select(b.find("#ins-plan")).select_by_visible_text(
        next(o.text for o in Select(b.find("#ins-plan")).options if stamp in o.text))
    Select(b.find("#ins-subject")).select_by_value("group")
    b.fill("#ins-unit", "11953")
    b.fill("#ins-subject-id", "demo-group-11953-1")
    b.fill("#ins-team", "Ban đại diện HĐQT tỉnh")
    b.submit("#inspection-submit")
    check(b.path.startswith("/inspections/"), f"the inspection leads to {b.path}")
    check(len(b.find_all("#group-record tr")) >= 8, "the group's inspection record is missing")
    inspection = b.path
    problems += [f"{inspection}: {p}" for p in _axe_violations(b)]
    Select(b.find("#fd-category")).select_by_value("overdue_debt")
    b.fill("#fd-description", f"Hai hộ chậm trả lãi {stamp}")
    b.fill("#fd-responsible", "Tổ trưởng tổ TK&VV")
    due = (datetime.date.today() + datetime.timedelta(days=15)).isoformat()
    _set_value(b, "#fd-due", due)
    boxes = b.find_all("#fd-loans input[type=checkbox]")
    check(len(boxes) >= 2, "the group's loans are not offered on the finding form")
    loans = [boxes[0].get_attribute("value"), boxes[1].get_attribute("value")]
    boxes[0].click()
    boxes[1].click()
    b.submit("#finding-submit")
    check("Đã ghi phát hiện" in b.text(".flash-success"), f"no finding: {b.text('main')[:200]!r}")
    links = [a for a in b.find_all("#inspection-findings a.finding-link")]
    check(len(links) == 1, "the finding is not listed on the inspection")
    finding = links[0].get_attribute("href")
    b.d.get(finding)
    shown = {a.get_attribute("href").rsplit("/", 1)[-1] for a in b.find_all("a.finding-loan")}
    check(shown == set(loans), f"the finding names {shown}, not the two loans {loans}")
    b.logout()

    b.login("bank")
    b.d.get(finding)
    for status, note in [("in_progress", "Đã họp tổ, đôn đốc hai hộ"), ("resolved", "Hai hộ đã trả đủ lãi"),
                         ("closed", "Đã kiểm tra lại sổ của tổ")]:
        Select(b.find("#step-to")).select_by_value(status)
        b.fill("#step-note", note)
        b.submit("#finding-step-submit")
        check("Đã chuyển sang" in b.text(".flash-success"), f"step {status}: {b.text('main')[:200]!r}")
    check(b.text("#finding-status").startswith("Đã đóng"), f"status is {b.text('#finding-status')!r}")
    check(len(b.find_all("#finding-steps tbody tr")) == 3, "the three steps are not listed")
    problems += [f"{b.path}: {p}" for p in _axe_violations(b)]
    b.logout()

    b.login("union")
    b.get(f"/loans/{loans[0]}/use-checks")
    b.find("#check-used-no").click()
    b.fill("#check-note", f"Dùng vốn mua xe máy {stamp}")
    b.submit("#use-check-submit")
    check(b.path.startswith("/findings/"), f"a wrong-purpose check leads to {b.path}")
    check(b.text("#finding-status").startswith("Đang mở"), f"status is {b.text('#finding-status')!r}")
    check(loans[0] in {a.get_attribute("href").rsplit("/", 1)[-1] for a in b.find_all("a.finding-loan")},
          "the finding does not name the loan")
    problems += [f"{b.path}: {p}" for p in _axe_violations(b)]
    b.get("/findings?source=use_check")
    problems += [f"/findings: {p}" for p in _axe_violations(b)]
    b.logout()

    b.get("/models")
    main = b.text("main")
    check("Nuôi gà thả vườn kết hợp trồng nhãn" in main, "the demo model is not on the public page")
    check("Nguyễn Thị Hoa" not in main, "the owner's name is published without consent")
    check("Chủ mô hình không công khai tên" in main, "the page does not say the name is withheld")
    problems += [f"/models: {p}" for p in _axe_violations(b)]
    check(not problems, f"{len(problems)} serious/critical axe violations: " + " | ".join(problems[:6]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(run(sys.argv[1], sys.argv[2:]))
