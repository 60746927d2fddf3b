import Domain
import Foundation

/// A yearly trend drawn on the server as SVG (no JavaScript, no CDN): a rate of each year and
/// the path to the province's 2030 target (the poverty rate to 0 %, the local capital share
/// to 15 %).
enum TrendChart {
    static func svg(points: [(year: Int, fraction: Double)],
                    target: [(year: Int, fraction: Double)],
                    title: String = "Tỷ lệ hộ nghèo theo năm và lộ trình về 0 % năm 2030",
                    id: String = "trend-title") -> String {
        let width = 640.0, height = 260.0, left = 56.0, right = 16.0, top = 16.0, bottom = 36.0
        let years = (points.map(\.year) + target.map(\.year))
        guard let first = years.min(), let last = years.max(), last > first else { return "" }
        let maxValue = max(0.005, (points.map(\.fraction) + target.map(\.fraction)).max() ?? 0) * 1.15
        func x(_ year: Int) -> Double { left + (width - left - right) * Double(year - first) / Double(last - first) }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - value / maxValue) }
        func percent(_ value: Double) -> String { String(format: "%.1f", value * 100).replacingOccurrences(of: ".", with: ",") + " %" }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" \
            role="img" aria-labelledby="\(id)" class="chart">
            <title id="\(id)">\(title)</title>
            """
        for step in 0...4 {
            let value = maxValue * Double(step) / 4
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"#d0d7de\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\" font-size=\"11\">\(percent(value))</text>"
        }
        for year in first...last {
            svg += "<text x=\"\(x(year))\" y=\"\(height - 12)\" text-anchor=\"middle\" font-size=\"11\">\(year)</text>"
        }
        func line(_ series: [(year: Int, fraction: Double)], color: String, dashed: Bool) -> String {
            let path = series.map { "\(x($0.year)),\(y($0.fraction))" }.joined(separator: " ")
            var out = "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(path)\"/>"
            for point in series where !dashed {
                out += "<circle cx=\"\(x(point.year))\" cy=\"\(y(point.fraction))\" r=\"4\" fill=\"\(color)\"/>"
                out += "<text x=\"\(x(point.year))\" y=\"\(y(point.fraction) - 8)\" text-anchor=\"middle\" font-size=\"11\">\(percent(point.fraction))</text>"
            }
            return out
        }
        svg += line(target, color: "#8a6d00", dashed: true)
        svg += line(points, color: "#0b5d3b", dashed: false)
        svg += "</svg>"
        return svg
    }
}
