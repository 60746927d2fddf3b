import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

extension ImportCommand {
    /// `policy-credit import book FILE [--totals FILE] [--savings FILE] [--check-only]
    /// [--accept-differences]`
    struct Book: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Nhập sổ cho vay cũ (mỗi hàng một khoản vay) và tiền gửi tiết kiệm của tổ viên,"
                + " đối chiếu với số kiểm soát của chi nhánh (tất cả hoặc không).")

        @ArgumentParser.Argument(help: "Tệp CSV hoặc .xlsx, mỗi hàng một khoản vay.")
        var file: String
        @ArgumentParser.Option(
            name: .long, help: "Số kiểm soát theo xã × chương trình (CSV hoặc .xlsx).")
        var totals: String?
        @ArgumentParser.Option(
            name: .long, help: "Tiền gửi tiết kiệm của tổ viên: ma_xa, ten_to, ma_ho, so_du.")
        var savings: String?
        @ArgumentParser.Flag(name: .long, help: "Chỉ kiểm tra và đối chiếu, không ghi gì.")
        var checkOnly = false
        @ArgumentParser.Flag(
            name: .long, help: "Ghi nhận chênh lệch với số kiểm soát để xử lý sau thay vì từ chối.")
        var acceptDifferences = false
        @ArgumentParser.Option(name: .long, help: "Người thực hiện (ghi vào nhật ký).")
        var actor: String = "cli"
        @OptionGroup var options: DatabaseOptions

        static func table(_ path: String?) throws -> CSVTable? {
            guard let path else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("Không đọc được tệp \(path).")
            }
            return try CSVTable(fileData: data, limits: .file)
        }

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("Không đọc được tệp \(file).")
            }
            // The book may hold hundreds of thousands of loans: a CSV file is read as a stream.
            let book = try CSVSource.path(file)
            let (control, members) = (try Self.table(totals), try Self.table(savings))
            try await withApp(options) { app in
                try await migrate(app)
                let outcome = try await BookImporter(database: app.db, world: app.settings.world)
                    .run(
                        book: book, totals: control, savings: members,
                        source: URL(fileURLWithPath: file).lastPathComponent,
                        scope: .everything, actor: Actor(userID: nil, username: actor),
                        checkOnly: checkOnly,
                        acceptDifferences: acceptDifferences)
                Self.print(outcome)
            }
        }

        static func print(_ o: BookImporter.Outcome) {
            let counts = "\(o.loansAdded) khoản vay, \(o.savingsAdded) sổ tiết kiệm"
            Swift.print(
                o.checkOnly
                    ? "Kiểm tra: sẽ nhập \(counts); \(o.unchanged + o.savingsUnchanged) đã có; "
                        + "chưa ghi gì."
                    : "Đã nhập \(counts); \(o.unchanged + o.savingsUnchanged) đã có, không đổi.")
            Swift.print(
                "Đối chiếu (xã / chương trình: số khoản, dư nợ, quá hạn, khoanh;"
                    + " tệp | số kiểm soát | sổ):")
            func figures(_ f: OpeningFigures?) -> String {
                f.map { "\($0.loans), \($0.outstanding), \($0.overdue), \($0.frozen)" } ?? "—"
            }
            for line in o.report {
                Swift.print(
                    "  \(line.key.unitID) / \(line.key.programCode): \(figures(line.file))"
                        + " | \(figures(line.control)) | \(figures(line.book))")
                for difference in line.differences { Swift.print("    chênh lệch: \(difference)") }
            }
            if o.differencesAccepted > 0 {
                Swift.print(
                    "Đã ghi nhận \(o.differencesAccepted) chênh lệch để xử lý sau (tài khoản 1999)."
                )
            }
        }
    }
}
