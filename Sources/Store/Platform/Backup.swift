import Domain
import FluentKit
import Foundation
import SQLKit

/// Sao lưu và phục hồi: an online copy of the whole database that can be restored into an
/// empty one. SQLite: `VACUUM INTO` (one read transaction, so the copy is one consistent moment
/// even while batches are being posted), then `PRAGMA integrity_check` on the copy. PostgreSQL:
/// Debian's `pg_dump -Fc` (one snapshot) and `pg_restore`; nothing of our own where the
/// server's tools do it.
public enum Backup {
    /// SQLite: writes the copy; `path` must not exist yet.
    public static func sqliteCopy(_ sql: any SQLDatabase, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.targetExists(path) }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// "ok", or SQLite's list of what is wrong.
    public static func integrity(_ sql: any SQLDatabase) async throws -> [String] {
        let rows = try await sql.raw("PRAGMA integrity_check").all()
        return try rows.map { try $0.decode(column: "integrity_check", as: String.self) }
    }

    /// Whether the database holds no tables yet (a restore goes only into an empty one).
    public static func isEmpty(_ sql: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'"
            : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'"
        return try await sql.raw(query).first(decodingColumn: "n", as: Int.self) == 0
    }

    /// PostgreSQL: `pg_dump --format=custom` of the database `url` names.
    public static func pgDump(url: String, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.targetExists(path) }
        try run(tool("pg_dump"), ["--format=custom", "--no-owner", "--file=\(path)", "--dbname=\(url)"])
    }

    /// PostgreSQL: `pg_restore` of a custom-format file into the database `url` names.
    public static func pgRestore(url: String, from path: String) throws {
        try run(tool("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                                     "--dbname=\(url)", path])
    }

    /// A PostgreSQL client tool: on the PATH, or in Debian's versioned folder.
    static func tool(_ name: String) throws -> String {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let versioned = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in paths + versioned where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        throw BackupError.toolMissing(name)
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupError.toolFailed(URL(fileURLWithPath: executable).lastPathComponent,
                                         message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

public enum BackupError: DomainError, Equatable {
    case targetExists(String)
    case notEmpty
    case toolMissing(String)
    case toolFailed(String, String)
    case damaged([String])
    case notFound(String)

    public var code: String {
        switch self {
        case .targetExists: "backup_target_exists"
        case .notEmpty: "restore_target_not_empty"
        case .toolMissing, .toolFailed: "backup_tool_failed"
        case .damaged: "backup_damaged"
        case .notFound: "backup_not_found"
        }
    }

    public var message: String {
        switch self {
        case .targetExists(let path): "Tệp «\(path)» đã có; hãy chọn tên tệp sao lưu khác."
        case .notEmpty: "Cơ sở dữ liệu đích đã có dữ liệu; chỉ phục hồi vào một cơ sở dữ liệu trống."
        case .toolMissing(let name): "Không tìm thấy công cụ \(name) (gói postgresql-client của Debian)."
        case .toolFailed(let name, let detail): "\(name) báo lỗi: \(detail)"
        case .damaged(let problems): "Bản sao lưu hỏng: \(problems.prefix(5).joined(separator: "; "))"
        case .notFound(let path): "Không có tệp sao lưu «\(path)»."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .targetExists, .notEmpty: .conflict
        case .toolMissing, .toolFailed, .damaged: .ruleBroken
        case .notFound: .notFound
        }
    }
}
