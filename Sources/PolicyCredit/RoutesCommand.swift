import ArgumentParser
import Foundation
import Store
import Vapor
import Web

/// `policy-credit routes`: the route table, one JSON object a line (method, path, access rule,
/// page or API, body limit): what the page fuzzer in CI walks, and a reviewer's checklist.
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "In bảng định tuyến (mỗi dòng một JSON: phương thức, đường dẫn, quyền).")

    func run() async throws {
        let path =
            NSTemporaryDirectory()
            + "policy-credit-routes-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        defer {
            for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
        }
        try await withApp(settings: AppSettings(database: .sqlite(path: path), bcryptCost: 4)) {
            app in
            for line in RouteTable.lines(app) { print(line) }
        }
    }
}
