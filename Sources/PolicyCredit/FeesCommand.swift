import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit fees rerun --month 2026-10`: see `FeeStore.rerun`; `fees list`, `fees pay`.
struct FeesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fees", abstract: "Phí ủy thác, hoa hồng.",
        subcommands: [Rerun.self, List.self, Pay.self])

    struct Rerun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tính lại phí, hoa hồng của một tháng đã khóa sổ theo tỷ lệ có hiệu lực; hạch toán phần chênh lệch.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Tháng (yyyy-mm).") var month: String
        @ArgumentParser.Option(name: .long, help: "Ngày hạch toán phần chênh lệch (yyyy-mm-dd, mặc định hôm nay).") var date: String?
        @ArgumentParser.Option(name: .customLong("idempotency-key"),
                               help: "Khóa chống trùng (mặc định: một khóa mới mỗi lần chạy; chạy lại với cùng khóa không hạch toán thêm).")
        var key: String?

        func run() async throws {
            try await withApp(options) { app in
                try await migrate(app)
                let world = app.settings.world
                let day: BusinessDate
                if let date { do { day = try BusinessDate(iso: date) } catch { throw ValidationError("Ngày không hợp lệ: \(date) (yyyy-mm-dd).") } } else { day = world.today }
                let (result, replayed) = try await FeeStore(database: app.db, world: world).rerun(
                    month: month, on: day, key: key ?? "fees-rerun-\(world.newID())", actor: Actor(userID: nil, username: "fees-rerun"),
                    scope: .everything)
                if replayed { print("Khóa chống trùng đã dùng: kết quả lần chạy trước, không hạch toán thêm.") }
                print("Tháng \(result.month): trước \(result.previous), tính lại \(result.recomputed); \(result.linesChanged) dòng thay đổi"
                      + (result.entryID.map { "; bút toán điều chỉnh \($0) ngày \(day.vietnamese)." } ?? "; không có chênh lệch, không hạch toán."))
            }
        }
    }
}
