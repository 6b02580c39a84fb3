/// A picture's width and height as its header states them, read without decoding it: a PNG's `IHDR` (RFC 2083 §4.1.1,
/// the first chunk) or a JPEG's frame header (`SOFn`, T.81 B.2.2), walking the segments before it. Written here because
/// it is a few bytes at known places; an image library would decode the very pixels this check is meant to refuse.
public enum ImageDimensions {
    public static func of(_ bytes: [UInt8], type: DocumentType) -> (width: Int, height: Int)? {
        switch type {
        case .png: png(bytes)
        case .jpeg: jpeg(bytes)
        case .pdf: nil
        }
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }

    private static func png(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        // Signature (8), length (4), "IHDR" (4), width (4), height (4).
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let width = u16(bytes, 16) << 16 | u16(bytes, 18), height = u16(bytes, 20) << 16 | u16(bytes, 22)
        return (width, height)
    }

    private static func jpeg(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var index = 2
        while index + 3 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            while index < bytes.count, bytes[index] == 0xFF { index += 1 }   // fill bytes
            guard index + 2 < bytes.count else { return nil }
            let marker = bytes[index]
            index += 1
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }   // no length
            let length = u16(bytes, index)
            guard length >= 2 else { return nil }
            // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): precision (1), height (2), width (2).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard index + 7 <= bytes.count else { return nil }
                return (u16(bytes, index + 5), u16(bytes, index + 3))
            }
            if marker == 0xDA || marker == 0xD9 { return nil }   // a scan or the end before any frame header
            index += length
        }
        return nil
    }
}
