/// The symbol as an SVG image, for the two-factor (xác thực hai lớp) enrolment page: inline
/// markup the server writes into the page, so no script, font or external file is needed.
extension QRCode {
    /// Light modules around the symbol; ISO/IEC 18004 §6.3.8 asks for at least four.
    static let quietZoneModules = 4

    /// Largest pixels per module honoured; more adds nothing on a screen and keeps the
    /// width arithmetic far from overflow whatever the caller passes.
    static let maxPixelsPerModule = 64

    /// An SVG image: a white background and one black `<path>` in a viewBox measured in
    /// modules, quiet zone included, so the picture scales without blurring
    /// (`shape-rendering="crispEdges"`). Each row's adjacent dark modules are joined into one
    /// rectangle, which draws the same unit squares with a shorter path.
    ///
    /// - Parameters:
    ///   - label: The accessible name (`aria-label`) screen readers announce; escaped here.
    ///   - pixelsPerModule: Default display size, clamped to 1…64; CSS may override it.
    public func svg(label: String, pixelsPerModule: Int = 4) -> String {
        let side = size + 2 * QRCode.quietZoneModules
        let scale = min(max(pixelsPerModule, 1), QRCode.maxPixelsPerModule)
        let pixels = side * scale
        let name = QRCode.escapedForXML(label)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="\(name)" \
            width="\(pixels)" height="\(pixels)" viewBox="0 0 \(side) \(side)" \
            shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(pathData())"/></svg>
            """
    }

    /// `M x,y h w v1 h -w z` for each horizontal run of dark modules, offset by the quiet zone.
    func pathData() -> String {
        var parts: [String] = []
        let offset = QRCode.quietZoneModules
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                let width = x - start
                parts.append("M\(start + offset),\(y + offset)h\(width)v1h-\(width)z")
            }
        }
        return parts.joined()
    }

    /// The text made safe inside a double-quoted XML attribute: the five markup characters
    /// become entities; tab, line feed and carriage return become character references, as
    /// attribute normalisation would otherwise turn them into spaces; the characters XML 1.0
    /// cannot carry at all (the other C0 controls, U+FFFE, U+FFFF) become spaces.
    static func escapedForXML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += "&#x\(String(scalar.value, radix: 16));"
            default:
                let allowed = scalar.value >= 0x20 && scalar.value != 0xFFFE
                    && scalar.value != 0xFFFF
                result.unicodeScalars.append(allowed ? scalar : " ")
            }
        }
        return result
    }
}
