import Foundation
import SQLKit

extension OperationsReadings {
    /// SQLite's connection pool (async-kit) keeps its count of leases to itself, so the figures
    /// come from what this process can see: the handles it holds on the database file (each
    /// pooled connection opens it once), and the writers in `WriteTransaction`, which are the
    /// ones that hold a connection for long and the ones an operator waits on.
    static func sqliteConnections(_ sql: any SQLDatabase) async throws -> [String: Int] {
        let writers = await WriteTransaction.sqliteWriters.state()
        var result = ["writing": writers.held ? 1 : 0, "waiting": writers.waiting]
        if let file = try await sql.raw("PRAGMA database_list").all().first(where: {
            (try? $0.decode(column: "name", as: String.self)) == "main"
        }), let path = try? file.decode(column: "file", as: String.self), !path.isEmpty {
            result["open"] = openHandles(on: path)
        }
        return result
    }

    /// Descriptors of this process that point at `path` (Linux's `/proc/self/fd`); nil where
    /// there is no such directory.
    static func openHandles(on path: String) -> Int? {
        let directory = "/proc/self/fd"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return nil }
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return entries.reduce(0) { count, entry in
            let link = try? FileManager.default.destinationOfSymbolicLink(
                atPath: directory + "/" + entry)
            return link == target ? count + 1 : count
        }
    }
}
