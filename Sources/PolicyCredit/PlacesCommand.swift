import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit places import FILE`
struct PlacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "places", abstract: "Đơn vị hành chính.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Nhập đơn vị hành chính từ CSV (cột như units-2025.csv); một dòng lỗi thì không ghi gì.")

        @ArgumentParser.Argument(help: "Tệp CSV.") var file: String
        @ArgumentParser.Option(name: .long, help: "Ngày có hiệu lực (yyyy-mm-dd).") var validFrom: String = "2025-07-01"
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let date = try BusinessDate(iso: validFrom)
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Không đọc được tệp \(file).") }
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError(CSVError.notUTF8.message) }
            try await withApp(options) { app in
                try await migrate(app)
                let result = try await UnitImporter(database: app.db, world: app.settings.world)
                    .importCSV(text, validFrom: date, actor: Actor(userID: nil, username: "cli"))
                print("Đã nhập \(result.added) đơn vị mới; \(result.unchanged) đơn vị đã có, không đổi.")
            }
        }
    }
}
