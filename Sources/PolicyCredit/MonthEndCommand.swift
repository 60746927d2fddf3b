import ArgumentParser
import Domain
import Foundation
import SQLKit
import Store
import Vapor
import Web

/// `policy-credit month-end --date 2026-03-31`: see `MonthEnd`. Safe to rerun; shows progress.
struct MonthEndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "month-end",
                                                    abstract: "Khóa sổ cuối tháng: chuyển nợ quá hạn, dự thu lãi, lãi tiền gửi, phí và hoa hồng, xếp loại tổ, số liệu tháng, khóa sổ.")

    @OptionGroup var options: DatabaseOptions
    @ArgumentParser.Option(name: .long, help: "Ngày cuối tháng (yyyy-mm-dd).") var date: String
    @ArgumentParser.Option(name: .long, help: "Số xã mỗi lô (mỗi lô một giao dịch và một điểm khôi phục).") var communesPerBatch: Int = 20
    @ArgumentParser.Option(name: .long, help: "Số khoản vay tối đa mỗi lô (giới hạn bộ nhớ).") var loansPerBatch: Int = 20_000

    func run() async throws {
        let day: BusinessDate
        do { day = try BusinessDate(iso: date) } catch { throw ValidationError("Ngày không hợp lệ: \(date) (yyyy-mm-dd).") }
        try await withApp(options) { app in
            try await migrate(app)
            let report = try await MonthEnd(database: app.db, world: app.settings.world).run(
                date: day, actor: Actor(userID: nil, username: "month-end"), communesPerBatch: communesPerBatch, loansPerBatch: loansPerBatch, progress: { print($0) })
            if report.alreadyClosed {
                print("Tháng \(report.month) đã khóa sổ; không thay đổi gì.")
                return
            }
            print("Tháng \(report.month): \(report.batches) lô (\(report.resumed) lô đã xong từ lần chạy trước), \(report.loansMoved) khoản vay chuyển nhóm nợ; "
                  + "sang quá hạn \(report.toOverdue), về trong hạn \(report.backToCurrent).")
            print("Dự thu lãi: \(report.interestAccrued). Lãi tiền gửi tổ viên phải trả trong tháng: \(report.savingsInterestAccrued)"
                  + (report.savingsInterest.dong > 0 ? "; ghi vào tài khoản tổ viên (6 tháng): \(report.savingsInterest)" : "")
                  + ". Xếp loại: \(report.groupsRated) tổ.")
            if report.refundLoans > 0 {
                print("Hoàn lãi do điều chỉnh lãi suất hồi tố: \(report.interestRefunded) cho \(report.refundLoans) khoản vay"
                      + " (danh sách: policy-credit rate-adjustments refunds).")
            }
            print("Phí ủy thác, hoa hồng phải trả: \(report.fees) (\(report.groupsSuspended) tổ không đạt điều kiện).")
            print("Lãi tồn từ 3 tháng: \(report.arrearsLoans) khoản vay. Nợ khoanh hết hạn trong tháng: \(report.freezesEnding.count).")
            print("Đã kết thúc khoanh nợ hết hạn, xếp lịch trả mới: \(report.freezesEnded.count). Đã khóa sổ.")
        }
    }
}
