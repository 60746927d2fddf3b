import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web

/// `policy-credit verify`: the journal's invariants. Names every difference and exits non-zero.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify",
                                                    abstract: "Kiểm tra sổ cái: mọi bút toán cân, bảng cân đối bằng 0.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        var problems: [String] = []
        try await withApp(options) { app in
            try await migrate(app)
            problems = try await LedgerStore(sql: app.db as! any SQLDatabase, world: app.settings.world).verify()
        }
        if problems.isEmpty {
            print("Sổ cái khớp: mọi bút toán cân, bảng cân đối bằng 0.")
        } else {
            for problem in problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
            throw ExitCode(1)
        }
    }
}
