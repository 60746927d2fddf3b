import Domain
import Vapor

/// A problem of an uploaded file as the import pages list it: row, line, column, message.
struct ImportProblem: Encodable {
    let row: String
    let line: String
    let column: String
    let message: String

    /// The first 500 problems, which is what a page can show.
    static func list(_ details: [ErrorDetail]) -> [ImportProblem] {
        details.prefix(500).map {
            ImportProblem(row: $0.row.map(String.init) ?? "", line: $0.line.map(String.init) ?? "", column: $0.field ?? "", message: $0.message)
        }
    }
}

/// A CSV template to download, with a BOM so that Excel reads it as UTF-8.
enum CSVTemplate {
    static func response(_ text: String, fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return response
    }
}
