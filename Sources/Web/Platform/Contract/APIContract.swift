import Domain
import Foundation
import Vapor

/// Hợp đồng API: the OpenAPI document the server ships is also what it enforces. Before an API
/// handler runs, the request's query, header and path parameters and its JSON body are checked
/// against the operation's schemas, so the document cannot promise a bound the server does not
/// keep, nor the server refuse what the document allows for a reason it does not state.
final class APIContract: Sendable {
    static let shared: APIContract? = {
        guard
            let url = Bundle.module.url(
                forResource: "openapi", withExtension: "json", subdirectory: "Public"),
            let data = try? Data(contentsOf: url), let document = try? JSONNode.parse(data)
        else { return nil }
        return APIContract(document: document)
    }()

    let validator: SchemaValidator
    /// "GET /api/v1/loans/{id}" → (operation, the path item's own parameters).
    let operations: [String: (operation: JSONNode, shared: [JSONNode])]
    /// Each documented path as segments ("{id}" for a parameter), with its methods.
    let paths: [(segments: [String], methods: [String])]

    init(document: JSONNode) {
        validator = SchemaValidator(document: document)
        var operations: [String: (JSONNode, [JSONNode])] = [:]
        var paths: [([String], [String])] = []
        for (path, item) in document["paths"]?.object ?? [:] {
            var methods: [String] = []
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let operation = item[method] else { continue }
                operations["\(method.uppercased()) \(path)"] = (
                    operation, item["parameters"]?.array ?? []
                )
                methods.append(method.uppercased())
            }
            paths.append((path.split(separator: "/").map(String.init), methods))
        }
        self.operations = operations
        self.paths = paths
    }

    /// The documented path of a registered route: `/api/v1/loans/:id` → `/api/v1/loans/{id}`.
    static func documentedPath(_ route: Route) -> String {
        "/"
            + route.path.map { component in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }.joined(separator: "/")
    }

    /// The methods the document allows on a concrete path (for a 405 and its `Allow` header).
    func allowedMethods(path: String) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        let matching = paths.filter { template in
            template.segments.count == parts.count
                && zip(template.segments, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        // As the router does: a fixed segment beats a parameter (`/applications/direct` is not
        // `/applications/{id}`).
        func fixed(_ segments: [String]) -> Int { segments.filter { !$0.hasPrefix("{") }.count }
        let best = matching.map { fixed($0.segments) }.max()
        return matching.filter { fixed($0.segments) == best }.flatMap(\.methods).sorted()
    }

    /// Throws `ContractError` (400) or 415 when the request breaks the operation's contract.
    func check(_ req: Request) throws {
        guard let route = req.route,
            let entry = operations["\(req.method.rawValue) \(Self.documentedPath(route))"]
        else { return }
        var found: [SchemaViolation] = []
        let query = QueryPairs(req.url.query)
        if let bad = query.undecodable {
            found.append(
                SchemaViolation(
                    field: bad, code: "invalid_input", message: "«\(bad)»: mã hóa % không hợp lệ."))
        }
        for parameter in (entry.shared + (entry.operation["parameters"]?.array ?? [])).map(resolved)
        {
            found += self.parameter(parameter, req: req, query: query)
        }
        found += try body(entry.operation["requestBody"].map(resolved), req: req)
        if !found.isEmpty { throw ContractError(violations: found) }
    }

    func resolved(_ node: JSONNode) -> JSONNode {
        node["$ref"]?.string.map(validator.resolve) ?? node
    }

    func parameter(_ parameter: JSONNode, req: Request, query: QueryPairs) -> [SchemaViolation] {
        guard let name = parameter["name"]?.string, let place = parameter["in"]?.string else {
            return []
        }
        let schema = resolved(parameter["schema"] ?? .object([:]))
        let required = parameter["required"]?.bool ?? (place == "path")
        let values: [String]
        switch place {
        case "query": values = query.values[name] ?? []
        case "header": values = req.headers[name]
        case "path": values = req.parameters.get(name).map { [$0] } ?? []
        default: return []
        }
        let field = place == "query" || place == "path" ? name : "\(name) (header)"
        guard !values.isEmpty else {
            let code =
                parameter["x-error-code"]?.string ?? schema["x-error-code"]?.string
                ?? "invalid_input"
            return required
                ? [SchemaViolation(field: field, code: code, message: "Thiếu «\(field)».")] : []
        }
        guard values.count == 1 || schema["type"]?.string == "array" else {
            return [
                SchemaViolation(
                    field: field, code: "invalid_input",
                    message: "«\(field)» chỉ được có một giá trị.")
            ]
        }
        let typed =
            values.count == 1 && schema["type"]?.string != "array"
            ? Self.typed(values[0], as: schema)
            : .array(values.map { Self.typed($0, as: resolved(schema["items"] ?? .null)) })
        return validator.validate(typed, against: parameter["schema"] ?? .object([:]), field: field)
    }

    /// Text of a parameter read as its schema's type; what cannot be read stays a string, which
    /// the type check then refuses.
    static func typed(_ text: String, as schema: JSONNode) -> JSONNode {
        let types =
            schema["type"]?.array?.compactMap(\.string) ?? schema["type"]?.string.map { [$0] } ?? []
        if types.contains("integer"), text.utf8.count <= 20,
            text.range(of: #"^-?[0-9]+$"#, options: .regularExpression) != nil,
            let value = Int64(text)
        {
            return .int(value)
        }
        if types.contains("integer"),
            text.range(of: #"^-?[0-9]+$"#, options: .regularExpression) != nil,
            let value = Double(text)
        {
            return .number(value)
        }
        if types.contains("number"), let value = Double(text), value.isFinite,
            text.range(of: #"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression)
                != nil
        {
            return .number(value)
        }
        if types.contains("boolean"), text == "true" || text == "false" {
            return .bool(text == "true")
        }
        return .string(text)
    }

    func body(_ requestBody: JSONNode?, req: Request) throws -> [SchemaViolation] {
        guard let requestBody, let content = requestBody["content"]?.object else { return [] }
        let bytes = req.body.data?.readableBytes ?? 0
        guard bytes > 0 else {
            return requestBody["required"]?.bool == true
                ? [
                    SchemaViolation(
                        field: "body", code: "malformed_body", message: "Thiếu nội dung gửi lên.")
                ] : []
        }
        guard let type = req.headers.contentType.map({ "\($0.type)/\($0.subType)".lowercased() }),
            let media = content[type]
        else {
            throw Abort(.unsupportedMediaType)
        }
        guard type == "application/json", let schema = media["schema"], let buffer = req.body.data
        else { return [] }
        guard let value = try? JSONNode.parse(Data(buffer: buffer)) else {
            return [
                SchemaViolation(
                    field: "body", code: "malformed_body", message: "Nội dung JSON không đọc được.")
            ]
        }
        return validator.validate(value, against: schema, field: "")
    }
}

/// A query string as name → values, decoded the way Vapor decodes it (`+` is a space).
struct QueryPairs {
    var values: [String: [String]] = [:]
    /// The first name whose percent-encoding does not decode.
    var undecodable: String?

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count == 2 ? decode(parts[1]) : ""
            else {
                if undecodable == nil { undecodable = String(parts[0].prefix(40)) }
                continue
            }
            values[name, default: []].append(value)
        }
    }
}

/// A request that breaks the API's contract: 400, the first problem's code, every problem
/// named by its field.
struct ContractError: DomainError {
    let violations: [SchemaViolation]

    var code: String { violations.first?.code ?? "invalid_input" }
    var message: String {
        let first = violations.first?.message ?? "Dữ liệu gửi lên không đúng."
        return violations.count > 1 ? "\(first) (và \(violations.count - 1) lỗi khác)" : first
    }
    var kind: FailureKind { .malformed }
    var details: [ErrorDetail] {
        violations.prefix(20).map {
            ErrorDetail(field: $0.field, code: $0.code, message: $0.message)
        }
    }
}
