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
                                                    abstract: "Kiểm tra sổ cái và sổ cho vay: bút toán cân, bảng cân đối bằng 0, sổ chi tiết khớp tài khoản.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        var problems: [String] = []
        try await withApp(options) { app in
            try await migrate(app)
            let sql = try app.db.sqlDatabase()
            problems = try await LoanBookCheck.verify(sql: sql, world: app.settings.world)
            // The server's /metrics reports the last result.
            try await VerifyLog(sql: sql).record(problems: problems.count, source: "verify", world: app.settings.world)
        }
        if problems.isEmpty {
            print("Sổ cái khớp: mọi bút toán cân, bảng cân đối bằng 0; dư nợ từng khoản vay, tổ, xã, chương trình khớp tài khoản cho vay.")
        } else {
            for problem in problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
            throw ExitCode(1)
        }
    }
}
