import Domain
import FluentKit
import Foundation
import SQLKit
#if canImport(Glibc)
import Glibc
#endif

/// Một lần chạy tại một thời điểm: a lock held for the whole of a long run that spans many
/// transactions (month-end), so a second run started meanwhile is refused at once with a clear
/// message instead of interleaving its batches with the first. The lock ends with the process
/// that holds it, so a run killed with SIGKILL never blocks the rerun: on PostgreSQL it is a
/// session advisory lock on a connection kept for the run; on SQLite an `flock` on a file beside
/// the database.
public enum RunLock {
    public static func holding<Result: Sendable>(
        _ name: String, label: String, database: any Database,
        _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let sql = try database.sqlDatabase()
        if sql.dialect.name == "postgresql" {
            return try await database.withConnection { connection in
                let held = try connection.sqlDatabase()
                let key = Self.key(name)
                let got = try await held.raw("SELECT pg_try_advisory_lock(\(bind: key)) AS got")
                    .first(decodingColumn: "got", as: Bool.self) ?? false
                guard got else { throw PlatformError.runInProgress(label) }
                do {
                    let result = try await body()
                    _ = try? await held.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    return result
                } catch {
                    _ = try? await held.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    throw error
                }
            }
        }
        let file = try await sql.raw("SELECT file FROM pragma_database_list WHERE name = 'main'")
            .first(decodingColumn: "file", as: String.self) ?? ""
        let lock = try FileLock(path: (file.isEmpty ? NSTemporaryDirectory() + "policy-credit" : file) + ".\(name).lock",
                                label: label)
        defer { lock.release() }
        return try await body()
    }

    /// A stable 63-bit key for the name (FNV-1a), the same in every process.
    static func key(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}

/// An exclusive `flock` on a file, taken without waiting.
final class FileLock: Sendable {
    let descriptor: Int32

    init(path: String, label: String) throws {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PlatformError.runInProgress(label) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw PlatformError.runInProgress(label)
        }
        descriptor = fd
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
