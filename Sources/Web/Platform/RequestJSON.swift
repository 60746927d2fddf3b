import Domain
import Foundation
import Vapor

/// The JSON decoder for request bodies: it carries `InputDecoding`'s mark, so every `Money` and
/// `BusinessDate` a request sends is held to its input bound while it is decoded, whatever route
/// reads it. Installed once per process (Vapor's content configuration is global).
enum RequestJSON {
    static let installed: Void = {
        let decoder = JSONDecoder()
        if let key = InputDecoding.key { decoder.userInfo[key] = true }
        ContentConfiguration.global.use(decoder: decoder, for: .json)
        ContentConfiguration.global.use(encoder: APIJSONContentEncoder(), for: .json)
    }()
}
