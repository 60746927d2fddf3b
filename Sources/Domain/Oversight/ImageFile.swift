import Foundation

/// Loại ảnh được nhận: the three image formats a model's photo may be, named by the bytes that
/// open the file, never by its name or the type the browser claims.
public enum ImageType: String, Sendable, Codable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case webp = "image/webp"

    public var contentType: String { rawValue }
}

/// Kiểm tra tệp ảnh: size first, then the magic bytes (JPEG `FF D8 FF`; PNG
/// `89 50 4E 47 0D 0A 1A 0A`; WebP `RIFF` size `WEBP`).
public enum ImageFile {
    /// 2 MiB per photo.
    public static let maxBytes = 2 * 1024 * 1024
    /// At most six photos per model.
    public static let maxPerModel = 6

    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let riff: [UInt8] = Array("RIFF".utf8)
    static let webp: [UInt8] = Array("WEBP".utf8)

    /// The type of `bytes`, or `unsupportedFile` when empty, larger than `maxBytes` or not one
    /// of the three formats.
    public static func check(_ bytes: [UInt8]) throws(OversightError) -> ImageType {
        guard !bytes.isEmpty else { throw .unsupportedFile("tệp rỗng") }
        guard bytes.count <= maxBytes else {
            throw .unsupportedFile("ảnh lớn hơn 2 MiB (\(bytes.count) byte)")
        }
        guard let type = sniff(bytes) else {
            throw .unsupportedFile("chỉ nhận ảnh JPEG, PNG hoặc WebP")
        }
        return type
    }

    /// The format the first bytes name, or nil.
    public static func sniff(_ bytes: [UInt8]) -> ImageType? {
        if bytes.starts(with: jpeg) { return .jpeg }
        if bytes.starts(with: png) { return .png }
        if bytes.count >= 12, bytes.starts(with: riff), Array(bytes[8..<12]) == webp {
            return .webp
        }
        return nil
    }
}
