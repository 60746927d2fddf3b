import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit backup --to FILE [--database FILE]`: see `Backup` and `BackupRunner`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Sao lưu trực tuyến toàn bộ cơ sở dữ liệu vào một tệp (SQLite: VACUUM INTO, kiểm tra toàn vẹn và đối chiếu sổ trên bản sao; PostgreSQL: pg_dump -Fc).")

    @ArgumentParser.Option(name: .customLong("to"), help: "Tệp sao lưu (chưa có).") var file: String
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        do {
            let report = try await BackupRunner.backup(options.settings, to: file)
            let size = String(format: "%.1f MB", Double(report.bytes) / 1_048_576)
            print(report.verified
                  ? "Đã sao lưu vào \(file) (\(size)): toàn vẹn ok; sổ cái trên bản sao khớp."
                  : "Đã sao lưu vào \(file) (\(size), pg_dump -Fc).")
        } catch let error as any DomainError { throw CommandFailure(error) }
    }
}

/// `policy-credit restore FILE [--database FILE]`: into an empty database only, then `verify`.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Phục hồi một bản sao lưu vào cơ sở dữ liệu trống (tệp SQLite chưa có, hoặc PostgreSQL chưa có bảng nào), rồi đối chiếu sổ.")

    @ArgumentParser.Argument(help: "Tệp sao lưu.") var file: String
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        do {
            try await BackupRunner.restore(file, into: options.settings)
            print("Đã phục hồi \(file) vào \(options.target); sổ cái khớp.")
        } catch let error as any DomainError { throw CommandFailure(error) }
    }
}
