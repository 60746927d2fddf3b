import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit user add|passwd`
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Quản lý người dùng.",
                                                    subcommands: [Add.self, Passwd.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo người dùng (phải đổi mật khẩu khi đăng nhập lần đầu).")

        @ArgumentParser.Argument(help: "Tên đăng nhập.") var username: String
        @ArgumentParser.Option(name: .long, help: "Vai trò: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @ArgumentParser.Option(name: .long, help: "Phạm vi: everything, province:33, commune:11953, office:ID.") var scope: String = "everything"
        @ArgumentParser.Option(name: .long, help: "Họ tên.") var name: String?
        @ArgumentParser.Option(name: .long, help: "Mật khẩu (mặc định đọc từ biến môi trường POLICY_CREDIT_PASSWORD).") var password: String?
        @ArgumentParser.Option(name: .long, help: "Tổ chức của cán bộ hội: womens_union, farmers_union, veterans_association, youth_union.")
        var organisation: String?
        @ArgumentParser.Option(name: .long, help: "Mã tổ TK&VV của tổ trưởng.") var group: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError(PlatformError.invalidRole(role).message) }
            let organisation: Organisation?
            do { organisation = try self.organisation.map { try Organisation(text: $0) } } catch let error as NetworkError {
                throw ValidationError(error.message)
            }
            let parts = scope.split(separator: ":", maxSplits: 1).map(String.init)
            let spec = try ScopeSpec(kind: parts[0], reference: parts.count > 1 ? parts[1] : nil)
            guard let password = password ?? ProcessInfo.processInfo.environment["POLICY_CREDIT_PASSWORD"] else {
                throw ValidationError("Cần --password hoặc biến môi trường POLICY_CREDIT_PASSWORD.")
            }
            try await withApp(options) { app in
                try await migrate(app)
                // The group is checked before the user is created, so a typo leaves nothing behind.
                if let group { _ = try await GroupStore(database: app.db, world: app.settings.world).group(id: group, scope: .everything) }
                let user = try await UserStore(database: app.db, world: app.settings.world).create(
                    NewUser(username: username, displayName: name ?? username, password: password, role: role, scope: spec,
                            mustChangePassword: true),
                    hasher: app.settings.hasher, actor: Actor(userID: nil, username: "cli"))
                if organisation != nil || group != nil {
                    _ = try await UserStore(database: app.db, world: app.settings.world).linkNetwork(
                        id: user.id, organisation: organisation, groupID: group, actor: Actor(userID: nil, username: "cli"))
                }
                print("Đã tạo người dùng \(user.username) (\(user.role.label)).")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đặt lại mật khẩu (người dùng phải đổi khi đăng nhập).")

        @ArgumentParser.Argument(help: "Tên đăng nhập.") var username: String
        @ArgumentParser.Option(name: .long, help: "Mật khẩu mới (mặc định đọc từ POLICY_CREDIT_PASSWORD).") var password: String?
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard let password = password ?? ProcessInfo.processInfo.environment["POLICY_CREDIT_PASSWORD"] else {
                throw ValidationError("Cần --password hoặc biến môi trường POLICY_CREDIT_PASSWORD.")
            }
            try await withApp(options) { app in
                let store = UserStore(database: app.db, world: app.settings.world)
                guard let user = try await store.user(username: username) else { throw ValidationError("Không có người dùng \(username).") }
                try await store.resetPassword(id: user.id, newPassword: password, hasher: app.settings.hasher,
                                              actor: Actor(userID: nil, username: "cli"))
                print("Đã đặt lại mật khẩu của \(user.username).")
            }
        }
    }
}
