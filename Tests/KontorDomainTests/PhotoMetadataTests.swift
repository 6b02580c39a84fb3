import KontorDomain
import TestSupport
import Testing

@Suite("Identity photos keep their pixels and lose where, when and with what they were taken")
struct PhotoMetadataTests {
    private func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        return bytes.count >= needle.count && (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }

    @Test("a phone's JPEG: GPS, make, XMP, IPTC and comments go; the orientation stays, in either byte order")
    func jpegFromAPhone() throws {
        for littleEndian in [false, true] {
            let xmp = PhotoSamples.segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\u{0}<x:xmpmeta>Lucía</x:xmpmeta>".utf8))
            let iptc = PhotoSamples.segment(0xED, Array("Photoshop 3.0\u{0}8BIM Lucía".utf8))
            let comment = PhotoSamples.segment(0xFE, Array("taken at home".utf8))
            let original = PhotoSamples.jpeg(before: [PhotoSamples.exif(orientation: 6, littleEndian: littleEndian), xmp, iptc, comment])
            let stripped = try #require(PhotoMetadata.stripped(original, type: .jpeg))
            for text in ["PhoneMaker", "47.3769N", "xmpmeta", "Lucía", "8BIM", "taken at home"] {
                #expect(contains(original, text) && !contains(stripped, text), "\(text) is gone")
            }
            // Exactly: SOI, JFIF, an orientation-only Exif saying 6, then the picture's own segments and scan unchanged.
            let picture = PhotoSamples.jpeg(jfif: false)
            let jfif = Array(PhotoSamples.jpeg().dropFirst(2).prefix(18))
            #expect(stripped == [0xFF, 0xD8] + jfif + PhotoMetadata.orientationSegment(6) + Array(picture.dropFirst(2)))
        }
    }

    @Test("without an orientation, or upright, no Exif is written back; the colour profile and Adobe's flag stay")
    func jpegKeepsWhatShowsThePicture() throws {
        let icc = PhotoSamples.segment(0xE2, Array("ICC_PROFILE\u{0}".utf8) + [1, 1, 9, 9, 9])
        let flashpix = PhotoSamples.segment(0xE2, Array("FPXR\u{0}".utf8) + [7, 7])
        let adobe = PhotoSamples.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])
        let original = PhotoSamples.jpeg(before: [PhotoSamples.exif(orientation: 1), icc, flashpix, adobe])
        let stripped = try #require(PhotoMetadata.stripped(original, type: .jpeg))
        #expect(stripped == PhotoSamples.jpeg(before: [icc, adobe]))
        #expect(PhotoMetadata.stripped(PhotoSamples.jpeg(), type: .jpeg) == PhotoSamples.jpeg(), "nothing to take: unchanged")
    }

    @Test("what follows the first scan is walked too: Exif between the scans of a progressive picture and a second picture after the end go")
    func jpegAfterTheFirstScan() throws {
        let picture = PhotoSamples.jpeg()
        let gps = PhotoSamples.exif(orientation: 1)
        // A progressive picture: a second table and scan after the first, with an Exif block between them.
        var progressive = Array(picture.dropLast(2))
        progressive += gps + PhotoSamples.segment(0xC4, [0x10] + Array(repeating: 0, count: 15) + [1] + [0])
        progressive += PhotoSamples.segment(0xDA, [1, 1, 0x00, 1, 63, 0]) + [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56] + [0xFF, 0xD9]
        let stripped = try #require(PhotoMetadata.stripped(progressive, type: .jpeg))
        #expect(!contains(stripped, "PhoneMaker") && !contains(stripped, "47.3769N"))
        #expect(stripped.suffix(32) == progressive.suffix(32), "the second scan, with its stuffed byte and restart marker, is kept")
        #expect(stripped.count == progressive.count - gps.count)
        // A multi-picture file: a second JPEG with its own Exif after the first one's end, or a motion photo's video.
        let second = PhotoSamples.jpeg(before: [PhotoSamples.exif(orientation: 6)])
        #expect(PhotoMetadata.stripped(picture + second, type: .jpeg) == picture)
        #expect(PhotoMetadata.stripped(picture + Array("ftypmp42 video".utf8), type: .jpeg) == picture)
        // Cut inside its scan: kept as far as it goes, and ended.
        #expect(PhotoMetadata.stripped(Array(picture.dropLast(10)), type: .jpeg) == Array(picture.dropLast(10)) + [0xFF, 0xD9])
    }

    @Test("JFIF's header stays without its thumbnail; JFXX thumbnails go")
    func jfifThumbnails() throws {
        let header = Array("JFIF".utf8) + [0, 1, 2, 1, 0, 72, 0, 72]
        let withThumbnail = PhotoSamples.segment(0xE0, header + [2, 1] + Array(repeating: 0x7F, count: 6))
        let jfxx = PhotoSamples.segment(0xE0, Array("JFXX".utf8) + [0, 0x10] + Array(repeating: 0x7E, count: 40))
        let stripped = try #require(PhotoMetadata.stripped(PhotoSamples.jpeg(before: [withThumbnail, jfxx], jfif: false), type: .jpeg))
        #expect(stripped == [0xFF, 0xD8] + PhotoSamples.segment(0xE0, header + [0, 0]) + Array(PhotoSamples.jpeg(jfif: false).dropFirst(2)))
    }

    @Test("a damaged JPEG cannot be walked and is refused, never stored half-read")
    func damagedJPEG() {
        let photo = PhotoSamples.jpeg(before: [PhotoSamples.exif(orientation: 3)])
        #expect(PhotoMetadata.stripped(Array(photo.prefix(60)), type: .jpeg) == nil, "cut inside a segment before the picture")
        #expect(PhotoMetadata.stripped([0xFF, 0xD8, 0xFF, 0xD9], type: .jpeg) == nil, "no scan")
        #expect(PhotoMetadata.stripped([0xFF, 0xD8, 0xFF, 0xE0, 0x20, 0x20] + Array(repeating: 0x20, count: 200), type: .jpeg) == nil,
                "a length past the end")
        #expect(PhotoMetadata.stripped([0xFF, 0xD8, 0x00, 0x00], type: .jpeg) == nil, "no marker")
    }

    @Test("a PNG loses text, time, Exif and private chunks, and keeps its pixels and how to show them")
    func png() throws {
        let text = PhotoSamples.chunk("tEXt", Array("Author\u{0}Lucía Fernández".utf8))
        let time = PhotoSamples.chunk("tIME", [7, 234, 12, 6, 10, 0, 0])
        let exif = PhotoSamples.chunk("eXIf", Array("MM\u{0}*GPS".utf8))
        let privateChunk = PhotoSamples.chunk("prVt", Array("device serial 123".utf8))
        let gamma = PhotoSamples.chunk("gAMA", [0, 0, 0xB1, 0x8F])
        let original = PhotoSamples.png(before: [text, gamma, time, exif, privateChunk])
        #expect(try #require(PhotoMetadata.stripped(original, type: .png)) == PhotoSamples.png(before: [gamma]))
        #expect(PhotoMetadata.stripped(Array(original.dropLast(12)), type: .png) == nil, "no IEND: cut short")
    }

    @Test("a PDF is a document, not a photo: kept as sent")
    func pdf() {
        let pdf = Array("%PDF-1.7\n%…\n".utf8)
        #expect(PhotoMetadata.stripped(pdf, type: .pdf) == pdf)
    }
}
