/// Photos laid out as phones and scanners write them, for the tests of what Kontor keeps of an identity document:
/// the segments and chunks are real, the compressed pixels are stand-in bytes (nothing here decodes them).
public enum PhotoSamples {
    /// A JPEG segment: marker and big-endian length (which counts itself).
    public static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// An Exif APP1 as a phone writes it: IFD0 with the camera's make, the orientation, and a pointer to a GPS IFD
    /// holding the latitude reference and a position in text, in the byte order given.
    public static func exif(orientation: UInt16, littleEndian: Bool = false) -> [UInt8] {
        func u16(_ value: UInt16) -> [UInt8] { littleEndian ? [UInt8(value & 0xFF), UInt8(value >> 8)] : [UInt8(value >> 8), UInt8(value & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { littleEndian ? u16(UInt16(value & 0xFFFF)) + u16(UInt16(value >> 16)) : u16(UInt16(value >> 16)) + u16(UInt16(value & 0xFFFF)) }
        let make = Array("PhoneMaker\u{0}".utf8)                  // 11 bytes, stored after the IFDs
        let position = Array("47.3769N 8.5417E\u{0}".utf8)        // 17 bytes
        // Header (8) + IFD0: count (2) + 3 entries (36) + next (4) = 50; GPS IFD at 50: 2 + 2 × 12 + 4 = 30 → 80.
        let makeAt: UInt32 = 80, positionAt: UInt32 = 80 + UInt32(make.count)
        var tiff: [UInt8] = (littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(8)
        tiff += u16(3)
        tiff += u16(0x010F) + u16(2) + u32(UInt32(make.count)) + u32(makeAt)          // Make, ASCII
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)             // Orientation, SHORT
        tiff += u16(0x8825) + u16(4) + u32(1) + u32(50)                               // GPS IFD pointer, LONG
        tiff += u32(0)
        tiff += u16(2)
        tiff += u16(0x0001) + u16(2) + u32(2) + Array("N".utf8) + [0, 0, 0]           // GPSLatitudeRef, ASCII
        tiff += u16(0x001B) + u16(7) + u32(UInt32(position.count)) + u32(positionAt)  // GPSProcessingMethod
        tiff += u32(0)
        tiff += make + position
        return segment(0xE1, Array("Exif".utf8) + [0, 0] + tiff)
    }

    /// A baseline JPEG: SOI, the given segments (JFIF first when asked), tables, frame, scan, stand-in data, EOI.
    public static func jpeg(before: [[UInt8]] = [], jfif: Bool = true, scanBytes: Int = 256, width: Int = 16, height: Int = 16) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        if jfif { bytes += segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]) }
        for extra in before { bytes += extra }
        bytes += segment(0xDB, [0x00] + Array(repeating: 1, count: 64))                // DQT
        bytes += segment(0xC0, [8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 1, 1, 0x11, 0])  // SOF0, one component
        bytes += segment(0xC4, [0x00] + Array(repeating: 0, count: 15) + [1] + [0])    // DHT
        bytes += segment(0xDA, [1, 1, 0x00, 0, 63, 0])                                 // SOS
        bytes += (0..<scanBytes).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }.map { $0 == 0xFF ? 0xFE : $0 }
        return bytes + [0xFF, 0xD9]
    }

    /// A PNG chunk (the CRC is not checked by anything that reads these samples, so it is left zero).
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let length = UInt32(data.count)
        return [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
            + Array(type.utf8) + data + [0, 0, 0, 0]
    }

    /// A PNG: signature, IHDR, the given chunks, one IDAT of stand-in bytes, IEND.
    public static func png(before: [[UInt8]] = [], pixelBytes: Int = 256, width: Int = 16, height: Int = 16) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        bytes += chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
        for extra in before { bytes += extra }
        bytes += chunk("IDAT", (0..<pixelBytes).map { UInt8(truncatingIfNeeded: $0 * 13 + 5) })
        return bytes + chunk("IEND", [])
    }
}
