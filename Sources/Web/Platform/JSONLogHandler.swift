import Foundation
import Logging

/// `serve --log-format json`: one JSON object per line (time, level, label, message, metadata,
/// source, file, line), for a log shipper that reads lines and should not parse prose.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: JSONLogSink

    public init(label: String, level: Logger.Level = .info, sink: JSONLogSink = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    struct Line: Encodable {
        let time: String
        let level: String
        let label: String
        let message: String
        let metadata: [String: String]?
        let source: String
        let file: String
        let line: UInt
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line = Line(
            time: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            level: event.level.rawValue, label: label, message: event.message.description,
            metadata: merged.isEmpty ? nil : merged.mapValues(\.description),
            source: event.source, file: event.file, line: event.line)
        sink.write(line)
    }
}

/// Where JSON log lines go: one encoder and one lock, so lines from many threads never interleave.
public final class JSONLogSink: @unchecked Sendable {
    public static let standardOutput = JSONLogSink { FileHandle.standardOutput.write($0) }

    private let lock = NSLock()
    private let encoder: JSONEncoder
    private let output: (Data) -> Void

    /// `output` is called under the sink's lock, one whole line at a time.
    public init(_ output: @escaping (Data) -> Void) {
        self.output = output
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    func write(_ line: some Encodable) {
        lock.lock()
        defer { lock.unlock() }
        guard var data = try? encoder.encode(line) else { return }
        data.append(0x0a)
        output(data)
    }
}
