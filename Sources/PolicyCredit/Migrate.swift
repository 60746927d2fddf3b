import ArgumentParser
import Domain
import Vapor
import Web

/// `policy-credit migrate`
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Chạy các migration còn thiếu rồi thoát.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        try await withApp(options) { app in
            try await migrate(app)
            app.logger.notice("Đã cập nhật cấu trúc cơ sở dữ liệu (\(options.target)).")
        }
    }
}

/// Opens the database (no server) for a command, and always closes it. Rule errors reach the
/// person at the terminal as their Vietnamese message, with the rows at fault.
func withApp(_ options: DatabaseOptions, _ body: (Application) async throws -> Void) async throws {
    try await withApp(settings: options.settings, body)
}

/// The same for a database named directly (the bench's copies).
func withApp(settings: AppSettings, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(Environment(name: "production", arguments: ["policy-credit"]))
    app.logger.logLevel = .warning
    do {
        try await configure(app, settings: settings)
        try await body(app)
    } catch let error as any DomainError {
        try? await app.asyncShutdown()
        throw CommandFailure(error)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// A failed command, told the way the web pages tell it.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ error: any DomainError) {
        var lines = [error.message]
        for d in error.details {
            lines.append("  hàng \(d.row.map(String.init) ?? "-"), dòng \(d.line.map(String.init) ?? "-"), cột \(d.field ?? "-"): \(d.message)")
        }
        description = lines.joined(separator: "\n")
    }
}
