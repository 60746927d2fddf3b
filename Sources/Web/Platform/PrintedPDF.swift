import Foundation
import Vapor

/// Bản PDF: a page printed by headless Chromium (`--print-to-pdf`) from the very HTML the
/// browser shows, with the same style sheet, so the PDF and the print view cannot differ.
/// One print at a time (Chromium takes a core and a few hundred MB); where Chromium is not
/// installed the caller falls back to the page's own print view.
actor PrintedPDF {
    static let shared = PrintedPDF()
    /// Longest a print may take before Chromium is stopped.
    static let timeout: Duration = .seconds(60)

    enum Outcome: Sendable {
        case printed(Data)
        case unavailable
        case busy
    }

    private var printing = false

    /// The Chromium to use: `POLICY_CREDIT_CHROMIUM`, else Debian's or another usual path.
    static var chromium: String? {
        let named = ProcessInfo.processInfo.environment["POLICY_CREDIT_CHROMIUM"]
        let candidates = [named, "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.compactMap { $0 }.first {
            !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    func print(_ page: Response) async -> Outcome {
        guard let chromium = Self.chromium, let html = page.body.string,
            let css = Bundle.module.resourceURL?.appendingPathComponent("Public/app.css")
        else { return .unavailable }
        guard !printing else { return .busy }
        printing = true
        defer { printing = false }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("policy-credit-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: css, to: directory.appendingPathComponent("app.css"))
            // The page links `/app.css`; beside the file it is `app.css`.
            let local = html.replacingOccurrences(of: "href=\"/app.css\"", with: "href=\"app.css\"")
            let source = directory.appendingPathComponent("page.html")
            try Data(local.utf8).write(to: source)
            let output = directory.appendingPathComponent("page.pdf")
            let status = try await Self.run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--user-data-dir=\(directory.path)/profile",
                    "--no-pdf-header-footer", "--print-to-pdf=\(output.path)",
                    source.absoluteString,
                ])
            guard status == 0, let pdf = try? Data(contentsOf: output),
                pdf.starts(with: Data("%PDF".utf8))
            else { return .unavailable }
            return .printed(pdf)
        } catch {
            return .unavailable
        }
    }

    /// Runs the program to its end (or stops it at the timeout) and answers its exit status.
    static func run(_ program: String, _ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning { process.terminate() }
            }
        }
    }

    static func response(_ pdf: Data, fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "inline; filename=\"\(fileName).pdf\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
