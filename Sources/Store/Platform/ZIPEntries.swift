import Foundation
import ZIPFoundation

/// The entries of an uploaded .xlsx read with every offset and size checked against the bytes we
/// hold. ZIPFoundation's reader on Linux inflates until the deflate stream says it has ended and
/// reads on past the entry's compressed size; a flipped bit that keeps the stream open makes it
/// read an empty chunk at the end of the file forever, holding a thread at full load. Here the
/// inflater is fed only the entry's own compressed bytes and is stopped when it asks for more.
struct ZIPEntries {
    struct Entry {
        let path: String
        let method: UInt16
        let compressed: Range<Int>
        let uncompressedSize: Int
        let crc32: UInt32
    }

    let data: Data
    let entries: [String: Entry]

    /// Nil when the bytes are not a ZIP archive this reader takes (no ZIP64, no encryption).
    init?(_ data: Data) {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return low | high << 16
        }
        // The end-of-central-directory record: in the last 22 + 65.535 bytes.
        var eocd: Int?
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if u32(at) == 0x0605_4b50 { eocd = at; break }
            at -= 1
        }
        guard let end = eocd, let count = u16(end + 10), var cursor = u32(end + 16) else {
            return nil
        }
        var entries: [String: Entry] = [:]
        for _ in 0..<count {
            guard u32(cursor) == 0x0201_4b50, let flags = u16(cursor + 8),
                let method = u16(cursor + 10),
                let crc = u32(cursor + 16), let size = u32(cursor + 20),
                let full = u32(cursor + 24), let nameLength = u16(cursor + 28),
                let extra = u16(cursor + 30), let comment = u16(cursor + 32),
                let local = u32(cursor + 42),
                cursor + 46 + nameLength <= bytes.count, flags & 1 == 0,
                size != 0xFFFF_FFFF, full != 0xFFFF_FFFF, local != 0xFFFF_FFFF
            else { return nil }
            let name = String(
                decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            guard u32(local) == 0x0403_4b50, let localName = u16(local + 26),
                let localExtra = u16(local + 28)
            else { return nil }
            let start = local + 30 + localName + localExtra
            guard start + size <= bytes.count else { return nil }
            entries[name] = Entry(
                path: name, method: UInt16(method), compressed: start..<(start + size),
                uncompressedSize: full, crc32: UInt32(truncatingIfNeeded: crc))
            cursor += 46 + nameLength + extra + comment
        }
        self.data = data
        self.entries = entries
    }

    /// The entry's bytes, inflated at most to `budget` bytes (then `tooLarge`).
    func contents(of path: String, budget: Int) throws(CSVError) -> Data {
        guard let entry = entries[path] else { throw .notWorkbook }
        let compressed = data.subdata(in: entry.compressed)
        switch entry.method {
        case 0:
            guard compressed.count <= budget else {
                throw .workbookTooLarge(maxBytes: XLSXReader.maxDecompressedBytes)
            }
            return compressed
        case 8:
            var out = Data()
            do {
                let crc = try Data.decompress(
                    size: Int64(compressed.count), bufferSize: 64 * 1024, skipCRC32: false,
                    provider: { position, chunk in
                        // Asked for more than the entry holds: the stream is broken.
                        guard position >= 0, position < Int64(compressed.count) else {
                            throw CSVError.notWorkbook
                        }
                        let from = Int(position)
                        return compressed.subdata(in: from..<min(compressed.count, from + chunk))
                    },
                    consumer: { part in
                        guard out.count + part.count <= budget else {
                            throw CSVError.workbookTooLarge(
                                maxBytes: XLSXReader.maxDecompressedBytes)
                        }
                        out.append(part)
                    })
                guard crc == entry.crc32 else { throw CSVError.notWorkbook }
            } catch let error as CSVError {
                throw error
            } catch {
                throw .notWorkbook
            }
            return out
        default:
            throw .notWorkbook
        }
    }
}
