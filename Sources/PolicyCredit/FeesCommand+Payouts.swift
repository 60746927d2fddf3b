import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

extension FeesCommand {
    /// `policy-credit fees list --month 2026-10`: what each recipient is owed and was paid.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Phí ủy thác, hoa hồng của một tháng theo người nhận: phải trả, đã trả.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Tháng (yyyy-mm).") var month: String

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                let items = try await FeeStore(database: app.db, world: app.settings.world)
                    .items(month: month, scope: .everything)
                for i in items {
                    print(
                        "\(i.payee)\t\(i.level.label)\tphải trả \(i.amount)\tđã trả \(i.paid)"
                            + "\tcòn \(i.owed)")
                }
                let total = try items.map(\.amount).sum(), paid = try items.map(\.paid).sum()
                print(
                    "Tháng \(month): \(items.count) người nhận, phải trả \(total), đã trả \(paid).")
            }
        }
    }

    /// `policy-credit fees pay --month 2026-10 --payee group:… --amount 12000`: see
    /// `FeeStore.payout`.
    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chi trả phí, hoa hồng cho một người nhận; khoản phải trả giảm đúng số chi.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Tháng (yyyy-mm).") var month: String
        @ArgumentParser.Option(name: .long, help: "Mã người nhận (xem `fees list`).")
        var payee: String
        @ArgumentParser.Option(name: .long, help: "Số tiền (đồng).") var amount: Int64
        @ArgumentParser.Option(name: .long, help: "cash (mặc định) hoặc transfer.")
        var method: String = "cash"
        @ArgumentParser.Option(
            name: .customLong("idempotency-key"),
            help: "Khóa chống trùng (chạy lại với cùng khóa không chi thêm).")
        var key: String

        func run() async throws {
            guard let method = PaymentMethod(rawValue: method) else {
                throw ValidationError("Hình thức phải là cash hoặc transfer.")
            }
            guard amount > 0 else { throw ValidationError("Số tiền phải lớn hơn 0.") }
            try await withApp(options) { app in
                try await migrate(app)
                let world = app.settings.world
                let (p, replayed) = try await FeeStore(database: app.db, world: world).payout(
                    month: month, payee: payee, amount: Money(dong: amount), method: method,
                    on: world.today, key: key, actor: Actor(userID: nil, username: "fees-pay"),
                    scope: .everything)
                if replayed {
                    print("Khóa chống trùng đã dùng: kết quả lần trước, không chi thêm.")
                }
                print(
                    "Đã chi \(p.amount) (\(p.method.label)) cho \(p.payee); còn phải trả \(p.owed)."
                )
            }
        }
    }
}
