import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit import households FILE [--skip-bad-rows] [--rejects OUT.csv]`
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Nhập dữ liệu từ tệp.", subcommands: [Households.self, Groups.self, Book.self])

    struct Households: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nhập hộ và nhân khẩu từ CSV (UTF-8) hoặc .xlsx, mỗi hàng một nhân khẩu. Một hàng lỗi thì không ghi gì, trừ khi --skip-bad-rows.")

        @ArgumentParser.Argument(help: "Tệp CSV hoặc .xlsx.") var file: String
        @ArgumentParser.Flag(name: .long, help: "Bỏ qua các hộ có hàng lỗi, nhập phần còn lại.") var skipBadRows = false
        @ArgumentParser.Option(name: .long, help: "Ghi các hàng bị bỏ qua, kèm lý do, vào tệp CSV này.") var rejects: String?
        @ArgumentParser.Option(name: .long, help: "Người thực hiện (ghi vào nhật ký).") var actor: String = "cli"
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("Không đọc được tệp \(file).") }
            try await withApp(options) { app in
                try await migrate(app)
                // A CSV file is read as a stream (twice); a workbook is read whole.
                let source = try CSVSource.path(file)
                FileHandle.standardError.write(Data("Đọc \(file)…\n".utf8))
                let outcome = try await HouseholdImporter(database: app.db, world: app.settings.world).run(
                    source: source, scope: .everything, actor: Actor(userID: nil, username: actor), skipBadRows: skipBadRows,
                    progress: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
                print("Đã nhập \(outcome.added) hộ mới, \(outcome.updated) hộ thay đổi; \(outcome.unchanged) hộ không đổi.")
                if !outcome.rejected.isEmpty {
                    print("Bỏ qua \(outcome.rejected.count) hàng có lỗi hoặc thuộc hộ có hàng lỗi.")
                    if let rejects {
                        try Self.writeRejects(outcome.rejected, header: HouseholdFile.requiredColumns + HouseholdFile.optionalColumns, to: rejects)
                        print("Các hàng bị bỏ qua và lý do: \(rejects)")
                    }
                }
            }
        }

        static func writeRejects(_ rejected: [HouseholdImporter.Rejected], header: [String], to path: String) throws {
            func escape(_ text: String) -> String {
                text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            }
            var out = "\u{FEFF}" + (["hang"] + header + ["ly_do"]).map(escape).joined(separator: ",") + "\r\n"
            for row in rejected {
                out += ([String(row.row)] + header.map { row.fields[$0] ?? "" } + [row.reasons.joined(separator: "; ")]).map(escape)
                    .joined(separator: ",") + "\r\n"
            }
            try Data(out.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// `policy-credit import groups FILE [--skip-bad-rows]`: groups and their members, one row per member household.
    struct Groups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nhập tổ TK&VV và tổ viên từ tệp CSV hoặc .xlsx (tất cả hoặc không).")

        @ArgumentParser.Argument(help: "Tệp CSV hoặc .xlsx.") var file: String
        @ArgumentParser.Flag(name: .long, help: "Bỏ qua các tổ có hàng lỗi, nhập phần còn lại.") var skipBadRows = false
        @ArgumentParser.Option(name: .long, help: "Người thực hiện (ghi vào nhật ký).") var actor: String = "cli"
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Không đọc được tệp \(file).") }
            try await withApp(options) { app in
                try await migrate(app)
                let outcome = try await GroupImporter(database: app.db, world: app.settings.world).run(
                    try CSVTable(fileData: data), scope: .everything, actor: Actor(userID: nil, username: actor), skipBadRows: skipBadRows)
                print("Đã nhập \(outcome.groupsAdded) tổ mới, \(outcome.groupsMatched) tổ đã có; kết nạp \(outcome.membersAdded) hộ, \(outcome.unchanged) hộ không đổi.")
                if outcome.skippedRows > 0 {
                    print("Bỏ qua \(outcome.skippedRows) hàng của các tổ có lỗi:")
                    for p in outcome.problems { print("  hàng \(p.row ?? 0), cột \(p.field ?? ""): \(p.message)") }
                }
            }
        }
    }
}
