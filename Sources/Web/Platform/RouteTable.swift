import Foundation
import Vapor

/// The registered routes as data: what `policy-credit routes` prints.
public enum RouteTable {
    public static func lines(_ app: Application) -> [String] {
        app.routes.all.map { route in
            let path = "/" + route.path.map(\.description).joined(separator: "/")
            let access = (route.userInfo[AccessKey()] as? Access)?.description ?? "none"
            let object: [String: Any] = [
                "method": route.method.rawValue, "path": path, "access": access,
                "kind": path.hasPrefix("/api/") ? "api" : "page",
                "bodyLimit": (route.userInfo[BodyLimitKey()] as? Int) ?? 0,
            ]
            let data =
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
                ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }.sorted()
    }
}
