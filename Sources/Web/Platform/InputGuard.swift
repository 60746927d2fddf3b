import Domain
import Foundation
import Vapor

/// What every request is held to before its handler: each value of the query, of a form body and
/// of a JSON body is text of at most `TextLimit.note` characters without control characters.
/// Fields with a shorter column check their own bound too; this catches the rest in one place,
/// so no route stores a megabyte of text or a NUL that PostgreSQL would refuse with a 500.
enum InputGuard {
    static func check(_ req: Request) throws(InputError) {
        if let query = req.url.query { try checkPairs(query, plusIsSpace: false) }
        guard let body = req.body.data, body.readableBytes > 0 else { return }
        let type = req.headers.contentType
        if type == .urlEncodedForm {
            try checkPairs(String(buffer: body), plusIsSpace: true)
        } else if type == .json, let value = try? JSONSerialization.jsonObject(
            with: Data(buffer: body), options: [.fragmentsAllowed]) {
            try checkJSON(value, path: "")
        }
    }

    /// `a=1&b=x%20y`: names and values alike.
    static func checkPairs(_ text: String, plusIsSpace: Bool) throws(InputError) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0], plusIsSpace: plusIsSpace)
            try TextLimit.check(name, field: String(name.prefix(40)), maxLength: TextLimit.name)
            if parts.count == 2 {
                try TextLimit.check(decode(parts[1], plusIsSpace: plusIsSpace), field: String(name.prefix(40)),
                                    maxLength: TextLimit.note)
            }
        }
    }

    static func decode(_ part: Substring, plusIsSpace: Bool) -> String {
        let text = plusIsSpace ? part.replacingOccurrences(of: "+", with: " ") : String(part)
        return text.removingPercentEncoding ?? text
    }

    /// Every string of a JSON value, named by its path (`lines[3].member`).
    static func checkJSON(_ value: Any, path: String) throws(InputError) {
        switch value {
        case let text as String:
            try TextLimit.check(text, field: path.isEmpty ? "body" : path, maxLength: TextLimit.note)
        case let object as [String: Any]:
            for (key, member) in object {
                try TextLimit.check(key, field: String(key.prefix(40)), maxLength: TextLimit.name)
                try checkJSON(member, path: path.isEmpty ? key : "\(path).\(key)")
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() { try checkJSON(element, path: "\(path)[\(index)]") }
        default:
            return
        }
    }
}
