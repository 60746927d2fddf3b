import ArgumentParser
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

/// Opens the database (no server) for a command, and always closes it.
func withApp(_ options: DatabaseOptions, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(Environment(name: "production", arguments: ["policy-credit"]))
    do {
        try await configure(app, settings: options.settings)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
