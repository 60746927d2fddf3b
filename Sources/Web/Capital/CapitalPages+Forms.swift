import Domain
import Store
import Vapor

/// The three forms, read into the API's inputs so both paths run the same command.
extension CapitalRoutes {
    static func amount(_ f: [String: String], _ key: String = "amount") throws -> Int64 {
        try Validate.money(f[key], field: key, label: "Số tiền").dong
    }

    static func unitCode(_ f: [String: String]) throws -> Int {
        let text = (f["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        guard text.utf8.count <= 5, let code = Int(text), code > 0 else {
            throw PlatformError.inputRefused(field: "unit", message: "Ghi mã tỉnh hoặc mã xã.")
        }
        return code
    }

    static func allocateForm(_ req: Request, _ f: [String: String]) async throws -> String {
        let input = AllocationInput(
            source: f["source"] ?? "", level: f["level"] ?? "", unit: try unitCode(f),
            program: f["program"] ?? "", amount: try amount(f), date: f["date"] ?? "",
            decisionNumber: f["decisionNumber"] ?? "", decisionDate: f["decisionDate"],
            note: f["note"])
        let (r, _) = try await allocate(input, key: f["key"], req: req)
        return "Đã ghi \(r.amount.formatted()) \(r.source.label.lowercased()) cho \(r.unitName)."
    }

    static func transferForm(_ req: Request, _ f: [String: String]) async throws -> String {
        let input = TransferInput(
            source: f["source"] ?? "", level: f["level"] ?? "", unit: try unitCode(f),
            fromProgram: f["fromProgram"] ?? "", toProgram: f["toProgram"] ?? "",
            amount: try amount(f), date: f["date"] ?? "",
            decisionNumber: f["decisionNumber"] ?? "", decisionDate: f["decisionDate"],
            note: f["note"])
        let (r, _) = try await transfer(input, key: f["key"], req: req)
        return "Đã điều chuyển \(r.amount.formatted()) từ \(r.programCode) sang "
            + "\(r.toProgramCode ?? "")."
    }

    static func planForm(_ req: Request, _ f: [String: String]) async throws -> String {
        guard let year = Int((f["year"] ?? "").trimmingCharacters(in: .whitespaces)) else {
            throw PlatformError.inputRefused(field: "year", message: "Ghi năm kế hoạch.")
        }
        let input = PlanInput(
            year: year, source: f["source"] ?? "", level: f["level"] ?? "", unit: try unitCode(f),
            amount: try amount(f), decisionNumber: f["decisionNumber"])
        let p = try await plan(input, req: req)
        return "Đã ghi kế hoạch năm \(p.plan.year) của \(p.unitName): \(p.plan.amount.formatted())."
    }
}

/// What the capital template reads.
struct CapitalPageBody: Encodable {
    struct Card: Encodable { let label: String, value: String }
    struct Cell: Encodable { let label: String, value: String }
    /// A table with its headers; each cell carries its header for the stacked phone layout.
    struct Table: Encodable {
        let headers: [String], rows: [[Cell]]
        init(_ headers: [String], _ rows: [[String]]) {
            self.headers = headers
            self.rows = rows.map { zip(headers, $0).map { Cell(label: $0, value: $1) } }
        }
    }
    let province: Int, provinceName: String, date: String, dateText: String, growth: String
    let cards: [Card], chart: String, projection: Table, balances: Table, plans: Table
    let movements: Table, financed: Table, canRecord: Bool, key: String
    let programs: [CapitalRoutes.Option], sources: [CapitalRoutes.Option], exportQuery: String
    let year: Int

    init(
        _ v: CapitalView, movements: [CapitalMovementRecord], plans: [PlanProgress],
        financed: [FinancedLine], query q: CapitalRoutes.PageQuery, canRecord: Bool, key: String,
        programs: [CapitalRoutes.Option], sources: [CapitalRoutes.Option]
    ) {
        let names = Dictionary(programs.map { ($0.value, $0.label) }) { first, _ in first }
        func name(_ code: String) -> String { names[code] ?? code }
        province = v.province
        provinceName = v.provinceName
        date = v.date.iso
        dateText = v.date.vietnamese
        year = v.date.year
        growth = Ratio.percentText(basisPoints: v.growthBasisPoints)
        let gap = max(0, v.targetBasisPoints - v.share.partsPerMillion / 100)
        cards = [
            Card(label: "Vốn ngân sách địa phương ủy thác", value: v.share.local.formatted()),
            Card(label: "Tổng nguồn vốn tín dụng chính sách", value: v.share.total.formatted()),
            Card(label: "Tỷ trọng vốn địa phương", value: v.share.percentText),
            Card(
                label: "Mục tiêu năm 2030",
                value: Ratio.percentText(basisPoints: v.targetBasisPoints)
                    + " (còn thiếu \(Ratio.percentText(basisPoints: gap)))"),
        ]
        let points = v.years.map { (year: $0.year, fraction: $0.share.fraction) }
        let path =
            [(year: v.date.year, fraction: v.share.fraction)]
            + v.projection.map { (year: $0.year, fraction: $0.projectedShare.fraction) }
        chart = TrendChart.svg(
            points: points, target: path,
            title: "Tỷ trọng vốn ngân sách địa phương theo năm và lộ trình đến 15 % năm 2030",
            id: "capital-share-title")
        projection = Table(
            [
                "Năm", "Tổng nguồn vốn dự kiến", "Ngân sách địa phương cần cấp thêm",
                "Vốn địa phương sau khi cấp", "Tỷ trọng",
            ],
            v.projection.map {
                [
                    String($0.year), $0.projectedTotal.formatted(), $0.allocationNeeded.formatted(),
                    $0.projectedLocal.formatted(), $0.projectedShare.percentText,
                ]
            })
        balances = Table(
            ["Nguồn vốn", "Chương trình", "Số dư"],
            v.balances.map { [$0.source.label, name($0.programCode), $0.amount.formatted()] })
        self.plans = Table(
            [
                "Đơn vị", "Nguồn", "Kế hoạch", "Đã cấp trong năm", "Tỷ lệ thực hiện", "Văn bản",
            ],
            plans.map {
                [
                    $0.unitName, $0.plan.source.label, $0.plan.amount.formatted(),
                    $0.allocated.formatted(), Ratio.percentText(basisPoints: $0.basisPoints),
                    $0.plan.decisionNumber,
                ]
            })
        self.movements = Table(
            ["Ngày", "Loại", "Nguồn", "Đơn vị", "Chương trình", "Số tiền", "Quyết định"],
            movements.map {
                [
                    $0.on.vietnamese, CapitalRoutes.kindLabel($0.kind), $0.source.label,
                    $0.unitName,
                    name($0.programCode) + ($0.toProgramCode.map { " → " + name($0) } ?? ""),
                    $0.amount.formatted(),
                    "\($0.decision.number) (\($0.decision.date.vietnamese))",
                ]
            })
        self.financed = Table(
            ["Nguồn vốn", "Chương trình", "Số khoản vay", "Đã giải ngân", "Dư nợ"],
            financed.map {
                [
                    $0.source.label, name($0.programCode), String($0.loans),
                    $0.disbursed.formatted(),
                    $0.outstanding.formatted(),
                ]
            })
        self.canRecord = canRecord
        self.key = key
        self.programs = programs
        self.sources = sources
        exportQuery = QueryString.encode([
            "province": String(v.province), "date": q.date ?? "",
        ])
    }
}
