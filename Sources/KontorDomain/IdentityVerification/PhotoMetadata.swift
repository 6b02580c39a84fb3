/// Takes what a photo says about its taker out of an identity document before it is stored or shown: where it was
/// taken (GPS), when, with which phone, its owner's name and any thumbnail of the uncropped scene. The reviewer needs
/// the picture, not that; keeping less is GDPR's data minimisation (Art. 5(1)(c)).
///
/// Written here rather than taken from a library: Debian's libexif reads and edits the Exif block but does not walk a
/// JPEG's segments or a PNG's chunks, which is what removing metadata is; both walks are short, follow their
/// standards (ITU T.81 Annex B, the Exif 2.32 TIFF layout, the PNG specification §5), and never decode the image, so
/// the pixels stay byte for byte as uploaded.
public enum PhotoMetadata {
    /// The image without its metadata, or nil when its structure cannot be walked (a truncated or damaged file).
    /// PDFs are returned unchanged: they are documents, not photos.
    public static func stripped(_ bytes: [UInt8], type: DocumentType) -> [UInt8]? {
        switch type {
        case .jpeg: strippedJPEG(bytes)
        case .png: strippedPNG(bytes)
        case .pdf: bytes
        }
    }

    // MARK: JPEG

    /// Keeps every segment the decoder needs (tables, frames, scans, restart intervals), the JFIF header without its
    /// thumbnail, the colour profile (APP2 "ICC_PROFILE") and Adobe's colour-transform flag (APP14). Drops Exif, XMP,
    /// IPTC/Photoshop, comments, JFXX and makers' application segments, before the first scan and between the scans
    /// of a progressive picture, and whatever follows the end of the picture (a second picture of a multi-picture
    /// file with its own Exif, a motion photo's video). The Exif orientation alone is written back, because phones
    /// store a portrait photo sideways and rely on it to show the card upright.
    static func strippedJPEG(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var output: [UInt8] = [0xFF, 0xD8]
        output.reserveCapacity(bytes.count)
        var orientation: UInt16?
        var kept: [[UInt8]] = []   // the segments before the first scan, written once it is reached
        var scanned = false
        var index = 2
        while true {
            if scanned {
                // Entropy-coded data runs to the next marker: 0xFF 0x00 is a data byte, RSTn restart markers are
                // part of the scan (T.81 B.1.1.5, F.1.2.3).
                let start = index
                while index + 1 < bytes.count, !(bytes[index] == 0xFF && bytes[index + 1] != 0x00 && !(0xD0...0xD7).contains(bytes[index + 1])) {
                    index += 1
                }
                // A file cut inside its last scan still shows what it holds: it is ended where it stops.
                guard index + 1 < bytes.count else { return output + bytes[start...] + [0xFF, 0xD9] }
                output += bytes[start..<index]
            }
            guard index < bytes.count, bytes[index] == 0xFF else { return nil }
            // Any number of 0xFF fill bytes may come before a marker (T.81 B.1.1.2).
            while index < bytes.count, bytes[index] == 0xFF { index += 1 }
            guard index < bytes.count else { return nil }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0xD9 where scanned:   // the end of the picture: nothing after it is kept
                return output + [0xFF, 0xD9]
            case 0xD8, 0xD9:  // a second SOI, or EOI with no scan before it: not a picture.
                return nil
            case 0x01, 0xD0...0xD7:  // TEM and RSTn carry no length.
                if scanned { output += [0xFF, marker] } else { kept.append([0xFF, marker]) }
                continue
            default:
                break
            }
            guard index + 1 < bytes.count else { return nil }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            guard length >= 2, index + length <= bytes.count else { return nil }
            let segment = Array(bytes[(index - 2)..<(index + length)])
            let payload = bytes[(index + 2)..<(index + length)]
            index += length
            switch marker {
            case 0xDA where !scanned:
                // The first scan. JFIF's APP0 stays first, as JFIF asks; the orientation comes right after it.
                let jfif = kept.prefix { $0[1] == 0xE0 }
                for segment in jfif { output += segment }
                if let orientation, orientation != 1 { output += orientationSegment(orientation) }
                for segment in kept.dropFirst(jfif.count) { output += segment }
                output += segment
                scanned = true
            case 0xE0...0xEF where scanned, 0xFE where scanned:
                break  // no application data or comment between scans is needed to show the picture
            case 0xE1:
                if payload.starts(with: exifHeader), orientation == nil { orientation = exifOrientation(Array(payload.dropFirst(6))) }
            case 0xE2:
                if payload.starts(with: Array("ICC_PROFILE\u{0}".utf8)) { kept.append(segment) }
            case 0xE0:
                // JFIF's header without its thumbnail (of the scene before it was cropped, perhaps); JFXX and other APP0
                // extensions, thumbnails too, go.
                if payload.count >= 14, payload.starts(with: Array("JFIF\u{0}".utf8)) {
                    kept.append(jpegSegment(0xE0, Array(payload.prefix(12)) + [0, 0]))
                }
            case 0xEE:
                kept.append(segment)
            case 0xE3...0xED, 0xEF, 0xFE:
                break  // makers' segments, IPTC/Photoshop (APP13), comments
            default:
                if scanned { output += segment } else { kept.append(segment) }  // DQT, DHT, SOFn, DRI, DAC, DNL, later scans
            }
        }
    }

    /// A segment: its marker and big-endian length, which counts itself.
    private static func jpegSegment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    private static let exifHeader: [UInt8] = Array("Exif".utf8) + [0, 0]

    /// The Orientation tag (0x0112) of IFD0 in a TIFF structure, in either byte order; nil when absent or unreadable.
    static func exifOrientation(_ tiff: [UInt8]) -> UInt16? {
        guard tiff.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return bigEndian ? UInt16(tiff[at]) << 8 | UInt16(tiff[at + 1]) : UInt16(tiff[at + 1]) << 8 | UInt16(tiff[at])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(bigEndian ? at : at + 2), let low = u16(bigEndian ? at + 2 : at) else { return nil }
            return Int(high) << 16 | Int(low)
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<Int(count) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            // SHORT (3), one value, held in the entry itself.
            if tag == 0x0112, u16(at + 2) == 3, let value = u16(at + 8), (1...8).contains(value) { return value }
        }
        return nil
    }

    /// An APP1 Exif segment that says nothing but the orientation (big-endian TIFF, one IFD0 entry).
    public static func orientationSegment(_ orientation: UInt16) -> [UInt8] {
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,   // "MM", 42, IFD0 at 8
                             0x00, 0x01,                                       // one entry
                             0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,   // Orientation, SHORT, 1 value
                             UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0x00, 0x00,
                             0x00, 0x00, 0x00, 0x00]                           // no next IFD
        return jpegSegment(0xE1, exifHeader + tiff)
    }

    // MARK: PNG

    /// Ancillary chunks that only say how to show the pixels; every other ancillary chunk (text, time, Exif, and
    /// private chunks a program may fill with anything) is dropped. Critical chunks are all kept.
    private static let displayChunks: Set<String> = [
        "bKGD", "cHRM", "cICP", "gAMA", "hIST", "iCCP", "mDCv", "cLLi", "pHYs", "sBIT", "sPLT", "sRGB", "tRNS",
        "acTL", "fcTL", "fdAT",
    ]
    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func strippedPNG(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.starts(with: pngSignature) else { return nil }
        var output = pngSignature
        output.reserveCapacity(bytes.count)
        var index = pngSignature.count
        while index + 12 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let end = index + 12 + length
            guard length <= bytes.count, end <= bytes.count else { return nil }
            let typeBytes = bytes[(index + 4)..<(index + 8)]
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else { return nil }
            let type = String(decoding: typeBytes, as: UTF8.self)
            // A chunk is critical when its first letter is upper case (PNG §5.4).
            let isCritical = typeBytes.first! & 0x20 == 0
            if isCritical || displayChunks.contains(type) { output += bytes[index..<end] }
            index = end
            if type == "IEND" { return output }
        }
        return nil
    }
}
