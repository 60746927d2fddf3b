import ArgumentParser
import Domain
import Foundation
import Store
import Vapor
import Web

/// `policy-credit serve [--hostname] [--port 8080] [--database FILE] [--demo] [--secure-cookies]
/// [--metrics-token TOKEN] [--log-format text|json]`
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Chạy máy chủ (tự chạy các migration còn thiếu).")

    @ArgumentParser.Option(name: .long, help: "Địa chỉ lắng nghe.")
    var hostname: String = "127.0.0.1"

    @ArgumentParser.Option(name: .long, help: "Cổng.")
    var port: Int = 8080

    @ArgumentParser.Flag(name: .long, help: "Nạp tỉnh mẫu Hưng Yên (một lần; từ chối nếu cơ sở dữ liệu có dữ liệu khác).")
    var demo = false

    @ArgumentParser.Option(name: .long, help: "Hạt giống của dữ liệu mẫu.")
    var seed: UInt64 = 1

    @ArgumentParser.Option(name: .long, help: "Ngày nghiệp vụ của dữ liệu mẫu (yyyy-mm-dd; mặc định hôm nay).")
    var businessDate: String?

    @ArgumentParser.Option(name: .long, help: "Số hộ mẫu mỗi xã.")
    var demoHouseholds: Int = 300

    @ArgumentParser.Option(name: .long, help: "Môi trường Vapor (production, development).")
    var env: String = "production"

    @ArgumentParser.Flag(name: .long, help: "Cookie Secure và tiền tố __Host- (khi có HTTPS phía trước).")
    var secureCookies = false

    @ArgumentParser.Option(name: .long, help: "Mã cho phép đọc /metrics (ngoài quản trị viên); mặc định lấy biến môi trường POLICY_CREDIT_METRICS_TOKEN.")
    var metricsToken: String?

    @ArgumentParser.Option(name: .long, help: "Định dạng nhật ký: text hoặc json (mỗi dòng một đối tượng JSON).")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let started = Date()
        if logFormat == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        let app = try await Application.make(Environment(name: env, arguments: ["policy-credit"]))
        do {
            app.logger.notice("Cơ sở dữ liệu: \(options.target)")
            var settings = options.settings
            settings.secureCookies = secureCookies
            let token = metricsToken ?? ProcessInfo.processInfo.environment["POLICY_CREDIT_METRICS_TOKEN"]
            settings.metricsToken = token.flatMap { $0.isEmpty ? nil : $0 }
            try await configure(app, settings: settings)
            app.http.server.configuration.hostname = hostname
            app.http.server.configuration.port = port
            try await migrate(app)
            if demo {
                let date = try businessDate.map { try BusinessDate(iso: $0) } ?? app.settings.world.today
                let outcome = try await DemoProvince(database: app.db, world: app.settings.world, hasher: app.settings.hasher,
                                                     seed: seed, businessDate: date, householdsPerCommune: demoHouseholds)
                    .load { app.logger.notice("\($0)") }
                app.logger.notice(outcome == .loaded ? "Đã nạp tỉnh mẫu Hưng Yên (mật khẩu demo1234)." : "Tỉnh mẫu đã có; không nạp lại.")
                if outcome == .loaded {
                    // Khóa sổ tháng trước: the dashboard, the indicators and the monthly report
                    // read month-end's summary tables, so the demo closes the month before its
                    // business date as a bank would have.
                    let monthEnd = date.firstOfMonth.adding(days: -1)
                    _ = try await MonthEnd(database: app.db, world: app.settings.world).run(
                        date: monthEnd, actor: Actor(userID: nil, username: "month-end"))
                    app.logger.notice(
                        "Đã khóa sổ tháng \(monthEnd.month)/\(monthEnd.year) của tỉnh mẫu.")
                }
            }
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            app.logger.notice("Đã chuẩn bị sau \(ms) ms; mở cổng http://\(hostname):\(port)")
            // Vapor's own serve command handles SIGTERM/SIGINT and a graceful stop.
            app.environment.arguments = ["policy-credit", "serve", "--hostname", hostname, "--port", String(port)]
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
