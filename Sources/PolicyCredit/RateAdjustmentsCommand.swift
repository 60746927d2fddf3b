import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit rate-adjustments list|add|withdraw|refunds`: the adjustments as dated data and
/// the refunds month-end gave back (see `RateAdjustmentStore`).
struct RateAdjustmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate-adjustments",
        abstract: "Điều chỉnh lãi suất cho vay và danh sách hoàn lãi.",
        subcommands: [List.self, Add.self, Withdraw.self, Refunds.self])

    static let actor = Actor(userID: nil, username: "rate-adjustments")

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Liệt kê các điều chỉnh lãi suất.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                for s in try await RateAdjustmentStore(database: app.db, world: app.settings.world)
                    .list()
                {
                    let a = s.adjustment
                    print(
                        "\(a.id)\t\(a.from.vietnamese)–\(a.through.vietnamese)\t"
                            + "\(a.change.description)\t"
                            + (s.settledMonth.map { "đã ghi sổ \($0)" } ?? "chưa ghi sổ")
                            + "\t\(a.legalSource)")
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Ghi một điều chỉnh; nếu có hiệu lực từ trước tháng đã khóa sổ,"
                + " lần khóa sổ tới ghi hoàn lãi."
        )
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Mã điều chỉnh (chữ, số, - _ .).") var id: String
        @ArgumentParser.Option(name: .long, help: "Tên.") var name: String
        @ArgumentParser.Option(name: .long, help: "Từ ngày (yyyy-mm-dd).") var from: String
        @ArgumentParser.Option(name: .long, help: "Đến hết ngày (yyyy-mm-dd).") var through: String
        @ArgumentParser.Option(name: .long, help: "Số điểm %/năm, vd: -2.") var points: String?
        @ArgumentParser.Option(name: .long, help: "Tỷ lệ % của lãi suất, vd: 50.") var factor:
            Int64?
        @ArgumentParser.Option(
            name: .long, help: "Mã chương trình, cách nhau dấu phẩy (mặc định: mọi chương trình).")
        var programs: String = ""
        @ArgumentParser.Option(
            name: .long, help: "Mã tỉnh, cách nhau dấu phẩy (mặc định: mọi tỉnh).") var provinces:
            String = ""
        @ArgumentParser.Option(
            name: .long,
            help: "Nguồn vốn: central, province, commune, mobilised (mặc định: mọi nguồn).")
        var sources: String = ""
        @ArgumentParser.Option(name: .customLong("legal-source"), help: "Căn cứ pháp lý.")
        var legalSource: String

        func run() async throws {
            let change: RateChange
            switch (points, factor) {
            case (let p?, nil): change = try RateChange.points(percentPerYear: p)
            case (nil, let f?): change = try RateChange.factor(percent: f)
            default: throw ValidationError("Ghi đúng một trong --points, --factor.")
            }
            func list(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            var sourceSet = Set<CapitalSource>()
            for text in list(sources) {
                guard let source = CapitalSource(rawValue: text) else {
                    throw ValidationError("Nguồn vốn không hợp lệ: \(text).")
                }
                sourceSet.insert(source)
            }
            let provinceCodes = try list(provinces).map { text -> Int in
                guard let code = Int(text), (1...99).contains(code) else {
                    throw ValidationError("Mã tỉnh không hợp lệ: \(text).")
                }
                return code
            }
            guard let start = try? BusinessDate(iso: from),
                let end = try? BusinessDate(iso: through)
            else {
                throw ValidationError("Ngày không hợp lệ (yyyy-mm-dd).")
            }
            let adjustment = RateAdjustment(
                id: id, name: name,
                scope: RateAdjustmentScope(
                    programCodes: Set(list(programs)), provinceCodes: Set(provinceCodes),
                    capitalSources: sourceSet),
                from: start, through: end, change: change, legalSource: legalSource)
            try await withApp(options) { app in
                try await migrate(app)
                _ = try await RateAdjustmentStore(database: app.db, world: app.settings.world)
                    .add(adjustment, actor: RateAdjustmentsCommand.actor)
                print("Đã ghi điều chỉnh \(adjustment.id): \(change.description).")
            }
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rút một điều chỉnh chưa được ghi sổ.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "Mã điều chỉnh.") var id: String
        @ArgumentParser.Option(name: .long, help: "Lý do rút.") var reason: String

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                try await RateAdjustmentStore(database: app.db, world: app.settings.world)
                    .withdraw(id: id, reason: reason, actor: RateAdjustmentsCommand.actor)
                print("Đã rút điều chỉnh \(id).")
            }
        }
    }

    struct Refunds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Danh sách hoàn lãi (tab-separated).")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Flag(name: .long, help: "Chỉ khoản còn phải chi trả.") var unpaid = false

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                print(
                    [
                        "thang", "ma_xa", "khoan_vay", "nguoi_vay", "lai_hoan", "tru_lai_phai_thu",
                        "phai_chi", "ngay_chi",
                    ].joined(separator: "\t")
                )
                for r in try await RateAdjustmentStore(database: app.db, world: app.settings.world)
                    .refunds(unpaidOnly: unpaid, scope: .everything)
                {
                    print(
                        [
                            r.month, r.unitID, r.loanID, r.borrowerName, String(r.amount.dong),
                            String(r.offset.dong),
                            String(r.owed.dong), r.paidOn?.iso ?? "",
                        ].joined(separator: "\t"))
                }
            }
        }
    }
}
