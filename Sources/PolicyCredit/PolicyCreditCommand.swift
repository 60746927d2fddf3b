import ArgumentParser
import Domain
import Foundation
import Store
import Web

/// `policy-credit`: the server and the administrator's tools.
@main
struct PolicyCreditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy-credit",
        abstract: "Tín dụng chính sách xã hội — máy chủ và công cụ quản trị.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, PlacesCommand.self, ImportCommand.self, BenchCommand.self, VerifyCommand.self, MonthEndCommand.self, FeesCommand.self,
                      RateAdjustmentsCommand.self,
                      BackupCommand.self, RestoreCommand.self, RoutesCommand.self],
        defaultSubcommand: Serve.self)
}

/// Options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "Tệp SQLite (bỏ qua khi có biến môi trường DATABASE_URL).")
    var database: String = "./policy-credit.sqlite"

    @ArgumentParser.Option(name: .long, help: "Chi phí Bcrypt khi tạo mật khẩu.")
    var bcryptCost: Int = 12

    var target: DatabaseTarget {
        DatabaseTarget.resolve(environmentURL: ProcessInfo.processInfo.environment["DATABASE_URL"], file: database)
    }

    var settings: AppSettings { AppSettings(database: target, bcryptCost: bcryptCost) }
}
