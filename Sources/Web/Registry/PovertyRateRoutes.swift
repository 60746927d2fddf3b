import Domain
import Store
import Vapor

/// Tỷ lệ hộ nghèo: per commune and for the scope as of a date, the yearly trend against the
/// 0 % target of 2030 (pages with an SVG chart, exports, API).
struct PovertyRateRoutes {
    struct Filter: Content { var asOf: String?; var province: String?; var format: String? }

    struct RateJSON: Content {
        let households: Int
        let poor: Int
        let nearPoor: Int
        let reviewed: Int
        let poorRate: Double
        let nearPoorRate: Double
        let reviewedShare: Double

        init(_ r: PovertyRate) {
            households = r.households
            poor = r.poor
            nearPoor = r.nearPoor
            reviewed = r.reviewed
            poorRate = r.poorFraction
            nearPoorRate = r.nearPoorFraction
            reviewedShare = r.reviewedFraction
        }
    }

    struct CommuneRateJSON: Content { let unitCode: Int; let unitName: String; let rate: RateJSON }
    struct IndicatorJSON: Content { let code: String; let name: String; let poor: Int; let nearPoor: Int }
    struct RatesJSON: Content { let asOf: String; let total: RateJSON; let communes: [CommuneRateJSON]; let byIndicator: [IndicatorJSON] }

    /// Counts by deprived indicator, named by the national standard in force on the date.
    static func indicators(_ req: Request, asOf: BusinessDate, province: Int?, scope: AccessScope) async throws -> [IndicatorJSON] {
        let counts = try await PovertyRateStore(sql: req.sql).byIndicator(asOf: asOf, provinceCode: province, scope: scope)
        let standards = try await PovertyStandardStore(database: req.db, world: req.world).all()
        let names = Dictionary(standards.flatMap(\.indicators).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return counts.map { IndicatorJSON(code: $0.code, name: names[$0.code] ?? $0.code, poor: $0.poor, nearPoor: $0.nearPoor) }
    }

    func register(_ app: Application) {
        app.on(.GET, ["poverty"], access: .signedIn, kind: .page) { req in try await page(req) }
        app.on(.GET, ["api", "v1", "poverty", "rates"], access: .signedIn, kind: .api) { req -> RatesJSON in
            let (asOf, province, _) = try Self.filter(req)
            let scope = try req.requireViewer().scope
            let rows = try await PovertyRateStore(sql: req.sql).byCommune(asOf: asOf, provinceCode: province, scope: scope)
            return RatesJSON(asOf: asOf.iso, total: RateJSON(Self.total(rows)),
                             communes: rows.map { CommuneRateJSON(unitCode: $0.unitCode, unitName: $0.unitName, rate: RateJSON($0.rate)) },
                             byIndicator: try await Self.indicators(req, asOf: asOf, province: province, scope: scope))
        }
    }

    static func total(_ rows: [PovertyRateStore.UnitRate]) -> PovertyRate {
        rows.map(\.rate).reduce(PovertyRate(households: 0, poor: 0, nearPoor: 0, reviewed: 0), +)
    }

    static func filter(_ req: Request) throws -> (BusinessDate, Int?, Filter) {
        let filter = try req.query.decode(Filter.self)
        let asOf = try Validate.date(filter.asOf, default: req.world.today)
        var province: Int?
        if let text = filter.province, !text.isEmpty {
            guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
            province = code.value
        }
        return (asOf, province, filter)
    }

    struct Row: Encodable { let code: Int; let name: String; let households: Int; let poor: Int; let poorRate: String; let nearPoor: Int; let nearPoorRate: String; let reviewed: String }
    struct Body: Encodable {
        let asOf: String; let asOfText: String; let rows: [Row]; let total: Row; let chart: String; let trend: [Row]; let exportQuery: String
        let indicators: [IndicatorJSON]
    }

    func page(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (asOf, province, filter) = try Self.filter(req)
        let store = PovertyRateStore(sql: try req.sql)
        let communes = try await store.byCommune(asOf: asOf, provinceCode: province, scope: viewer.scope)
        func row(_ code: Int, _ name: String, _ r: PovertyRate) -> Row {
            Row(code: code, name: name, households: r.households, poor: r.poor, poorRate: PovertyRate.percentText(r.poor, r.households),
                nearPoor: r.nearPoor, nearPoorRate: PovertyRate.percentText(r.nearPoor, r.households),
                reviewed: PovertyRate.percentText(r.reviewed, r.households))
        }
        let rows = communes.map { row($0.unitCode, $0.unitName, $0.rate) }
        let total = row(0, "Toàn phạm vi", Self.total(communes))
        if let format = Exporter.format(filter.format) {
            let cells: [[Exporter.Cell]] = (rows + [total]).map {
                [.number(Int64($0.code)), .text($0.name), .number(Int64($0.households)), .number(Int64($0.poor)), .text($0.poorRate),
                 .number(Int64($0.nearPoor)), .text($0.nearPoorRate), .text($0.reviewed)]
            }
            return try Exporter.response(Exporter.Table(sheetName: "Tỷ lệ hộ nghèo",
                                                        headers: ["Mã xã", "Xã/phường", "Số hộ", "Hộ nghèo", "Tỷ lệ hộ nghèo", "Hộ cận nghèo", "Tỷ lệ hộ cận nghèo", "Đã rà soát"],
                                                        rows: cells), format: format, fileName: "ty-le-ho-ngheo-\(asOf.iso)")
        }
        let years = (req.world.today.year - 2)...req.world.today.year
        let trend = try await store.trend(years: years, provinceCode: province, scope: viewer.scope)
        let points = trend.map { (year: $0.year, fraction: $0.rate.poorFraction) }
        let target = PovertyRate.targetPath(startYear: years.lowerBound, startFraction: points.first?.fraction ?? 0)
        return try await req.page("registry/poverty", title: "Tỷ lệ hộ nghèo", crumbs: [Crumb(label: "Tỷ lệ hộ nghèo", href: "/poverty")],
            Body(asOf: asOf.iso, asOfText: asOf.vietnamese, rows: rows, total: total, chart: TrendChart.svg(points: points, target: target),
                 trend: trend.map { row($0.year, "01/01/\($0.year)", $0.rate) },
                 exportQuery: QueryString.encode(["asOf": filter.asOf ?? "", "province": filter.province ?? ""]),
                 indicators: try await Self.indicators(req, asOf: asOf, province: province, scope: viewer.scope)))
    }
}
