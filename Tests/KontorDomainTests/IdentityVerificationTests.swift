import Foundation
import KontorDomain
import Testing
import TestSupport

@Suite("Identity documents: type from the content, size limits, reasons, retention")
struct IdentityVerificationTests {
    @Test("JPEG, PNG and PDF are recognised by their first bytes")
    func sniffing() {
        #expect(DocumentType.sniff([0xFF, 0xD8, 0xFF, 0xE1, 0x00]) == .jpeg)
        #expect(DocumentType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]) == .png)
        #expect(DocumentType.sniff(Array("%PDF-1.4\n".utf8)) == .pdf)
    }

    @Test("anything else is refused, including look-alikes and PDFs hidden after other bytes")
    func refusals() {
        #expect(DocumentType.sniff(Array("GIF89a".utf8)) == nil)
        #expect(DocumentType.sniff(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == nil)
        #expect(DocumentType.sniff([0x89, 0x50, 0x4E, 0x47]) == nil, "a truncated PNG signature")
        #expect(DocumentType.sniff(Array("junk%PDF-1.4".utf8)) == nil)
        #expect(DocumentType.sniff([UInt8]()) == nil)
    }

    @Test("each side is checked on its own field: missing, too small, too large, wrong type")
    func policy() {
        let jpeg = PhotoSamples.jpeg()
        #expect(IdentityDocumentPolicy.check(jpeg, side: .front) == .success(.jpeg))
        #expect(IdentityDocumentPolicy.check(nil, side: .back) == .failure(FieldError(field: "document_back", messageKey: "error.required")))
        #expect(IdentityDocumentPolicy.check(Array(jpeg.prefix(50)), side: .selfie)
                == .failure(FieldError(field: "document_selfie", messageKey: "error.identity.file_type")))
        let huge = [0xFF, 0xD8, 0xFF] + Array(repeating: UInt8(0), count: IdentityDocumentPolicy.maximumBytes)
        #expect(IdentityDocumentPolicy.check(huge, side: .front) == .failure(FieldError(field: "document_front", messageKey: "error.identity.too_large")))
        let all = IdentityDocumentPolicy.checkAll([.front: jpeg])
        #expect(all.errors.map(\.field) == ["document_back", "document_selfie"] && all.types == [.front: .jpeg])
    }

    @Test("a picture of more than 60 megapixels is refused by its header, before anything unpacks it; one whose header cannot be read is damaged")
    func pixels() {
        // 30,000 × 30,000: a few hundred bytes of file, 3.6 GB once a browser unpacks it.
        #expect(IdentityDocumentPolicy.check(PhotoSamples.png(width: 30_000, height: 30_000), side: .front)
                == .failure(FieldError(field: "document_front", messageKey: "error.identity.too_many_pixels")))
        #expect(IdentityDocumentPolicy.check(PhotoSamples.jpeg(width: 65_535, height: 65_535), side: .selfie)
                == .failure(FieldError(field: "document_selfie", messageKey: "error.identity.too_many_pixels")))
        // The largest a PNG header can state: refused, not a crash of the product of the two.
        #expect(IdentityDocumentPolicy.check(PhotoSamples.png(width: 4_294_967_295, height: 4_294_967_295), side: .front)
                == .failure(FieldError(field: "document_front", messageKey: "error.identity.too_many_pixels")))
        // A 48-megapixel phone photo (8,000 × 6,000) is fine.
        #expect(IdentityDocumentPolicy.check(PhotoSamples.jpeg(width: 8_000, height: 6_000), side: .front) == .success(.jpeg))
        #expect(ImageDimensions.of(PhotoSamples.jpeg(width: 4_032, height: 3_024), type: .jpeg)! == (4_032, 3_024))
        #expect(ImageDimensions.of(PhotoSamples.png(width: 1_200, height: 800), type: .png)! == (1_200, 800))
        let headless: [UInt8] = [0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 200)
        #expect(IdentityDocumentPolicy.check(headless, side: .back) == .failure(FieldError(field: "document_back", messageKey: "error.identity.damaged")))
    }

    @Test("a rejection reason is required and at most 500 characters, trimmed")
    func reasons() {
        #expect(RejectionReason.parse("  Blurry photo. ") == .success("Blurry photo."))
        #expect(RejectionReason.parse(" ") == .failure(FieldError(field: "reason", messageKey: "error.required")))
        #expect(RejectionReason.parse(String(repeating: "é", count: 501)) == .failure(FieldError(field: "reason", messageKey: "error.identity.reason_too_long")))
        #expect(RejectionReason.parse(String(repeating: "é", count: 500)) == .success(String(repeating: "é", count: 500)))
    }

    @Test("documents are due for deletion exactly the retention period after the decision")
    func retention() {
        let decided = Date(timeIntervalSince1970: 1_800_000_000)
        let retention = IdentityRetention(days: 30)
        #expect(retention.deletionDate(decidedAt: decided) == decided.addingTimeInterval(30 * 86_400))
        #expect(retention.decidedBefore(now: retention.deletionDate(decidedAt: decided)) == decided)
        #expect(!IdentityRequestStatus.pending.isDecided && IdentityRequestStatus.rejected.isDecided)
    }
}
