import Domain
import Foundation
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Issue #13 §2: the document's bounds are the code's, so schemathesis tests what is enforced.
@Suite("OpenAPI bounds are the code's bounds")
struct OpenAPIBoundsTests {
    static func document() async throws -> JSONValue {
        var result: JSONValue?
        try await withTestApp(.sqlite) { t in
            result = try JSONValue.parse(Data(buffer: try await t.client().get("/api/v1/openapi.json").body))
        }
        return try #require(result)
    }

    @Test("Amounts, paging and dates: the same bounds as Money, Paging and BusinessDate")
    func bounds() async throws {
        let document = try await Self.document()
        let schemas = try #require(document["components"]?["schemas"])
        for name in ["Money", "MoneyPositive"] {
            #expect(schemas[name]?["maximum"]?.int == Money.inputMaximum.dong, "\(name)")
        }
        #expect(schemas["Money"]?["minimum"]?.int == 0 && schemas["MoneyPositive"]?["minimum"]?.int == 1)
        let limit = try #require(document["components"]?["parameters"]?["Limit"]?["schema"])
        #expect(limit["maximum"]?.int == Int64(Paging.maxLimit) && limit["minimum"]?.int == 1)
        // Every date pattern admits exactly the years BusinessDate.inputRange admits.
        let text = document.description
        #expect(text.contains("19[0-9]{2}|20[0-9]{2}|2100"))
        #expect(BusinessDate.inputRange.lowerBound.iso == "1900-01-01")
        #expect(BusinessDate.inputRange.upperBound.iso == "2100-12-31")
    }

    @Test("Every string a request sends is bounded: maxLength, an enum, a const or a format")
    func strings() async throws {
        let document = try await Self.document()
        let schemas = try #require(document["components"]?["schemas"]?.object)
        let parameters = document["components"]?["parameters"]?.object ?? [:]
        var unbounded: Set<String> = []
        func walk(_ schema: JSONValue?, _ path: String, _ seen: Set<String>) {
            guard let schema else { return }
            if let ref = schema["$ref"]?.string {
                let name = String(ref.split(separator: "/").last ?? "")
                guard !seen.contains(name) else { return }
                return walk(schemas[name], name, seen.union([name]))
            }
            let types = schema["type"]?.array?.compactMap(\.string) ?? [schema["type"]?.string].compactMap { $0 }
            if types.contains("string"), schema["maxLength"] == nil, schema["enum"] == nil,
               schema["const"] == nil, schema["format"] == nil {
                unbounded.insert(path)
            }
            for (name, property) in schema["properties"]?.object ?? [:] { walk(property, "\(path).\(name)", seen) }
            walk(schema["items"], "\(path)[]", seen)
            if schema["additionalProperties"]?.object != nil { walk(schema["additionalProperties"], "\(path){}", seen) }
            // oneOf/anyOf branches refine the properties above; only whole schemas are walked.
            for branch in (schema["oneOf"]?.array ?? []) + (schema["anyOf"]?.array ?? []) where branch["$ref"] != nil {
                walk(branch, path, seen)
            }
        }
        for (path, item) in document["paths"]?.object ?? [:] {
            for (method, operation) in item.object ?? [:] {
                for (type, content) in operation["requestBody"]?["content"]?.object ?? [:] where type.contains("json") {
                    walk(content["schema"], "\(method) \(path)", [])
                }
                for parameter in operation["parameters"]?.array ?? [] {
                    let resolved = parameter["$ref"]?.string.flatMap { parameters[String($0.split(separator: "/").last ?? "")] }
                        ?? parameter
                    walk(resolved["schema"], "\(method) \(path) ?\(resolved["name"]?.string ?? "")", [])
                }
            }
        }
        #expect(unbounded.isEmpty, "unbounded strings: \(unbounded.sorted())")
    }
}
