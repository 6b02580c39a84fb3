import Foundation

/// Which pictures an identity-verification request needs, and how each one is checked before it is kept.
public enum IdentityDocumentPolicy {
    /// One file's upper size: a phone photo of a card fits easily; 5 MB keeps three of them reasonable to store.
    public static let maximumBytes = 5 * 1024 * 1024
    /// Smaller than this is not a readable photo of a document.
    public static let minimumBytes = 100
    /// The most pixels a picture may have: far above any phone's photo that fits in 5 MB, far below what makes the
    /// reviewer's browser unpack gigabytes (a 30,000 × 30,000 PNG is 875 KB of file and 3.6 GB of pixels).
    public static let maximumPixels = 60_000_000

    /// The three pictures, in the order the form asks for them.
    public enum Side: String, Sendable, CaseIterable, Codable {
        case front, back, selfie

        /// The form field that carries it.
        public var field: String { "document_\(rawValue)" }
    }

    /// Checks one uploaded file for `side`: present, not too small or large, and a JPEG, PNG or PDF by its content.
    public static func check(_ bytes: [UInt8]?, side: Side) -> Result<DocumentType, FieldError> {
        guard let bytes, !bytes.isEmpty else { return .failure(FieldError(field: side.field, messageKey: "error.required")) }
        guard bytes.count <= maximumBytes else { return .failure(FieldError(field: side.field, messageKey: "error.identity.too_large")) }
        guard bytes.count >= minimumBytes, let type = DocumentType.sniff(bytes) else {
            return .failure(FieldError(field: side.field, messageKey: "error.identity.file_type"))
        }
        if type.isImage {
            // Counted from the header, before anything unpacks it (security probe round 5).
            guard let size = ImageDimensions.of(bytes, type: type), size.width > 0, size.height > 0 else {
                return .failure(FieldError(field: side.field, messageKey: "error.identity.damaged"))
            }
            // Multiplied with overflow reported: a PNG may state 4,294,967,295 × 4,294,967,295, past any Int.
            let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
            guard !overflow, pixels <= maximumPixels else {
                return .failure(FieldError(field: side.field, messageKey: "error.identity.too_many_pixels"))
            }
        }
        return .success(type)
    }

    /// The three files as they are stored: photos without their metadata (`PhotoMetadata`), with a field error for
    /// a photo whose structure is damaged. Run after `checkAll`, with its types.
    public static func minimised(_ files: [Side: [UInt8]], types: [Side: DocumentType]) -> (files: [Side: [UInt8]], errors: [FieldError]) {
        var kept: [Side: [UInt8]] = [:]
        var errors: [FieldError] = []
        for side in Side.allCases {
            guard let bytes = files[side], let type = types[side] else { continue }
            if let stripped = PhotoMetadata.stripped(bytes, type: type), stripped.count >= minimumBytes {
                kept[side] = stripped
            } else {
                errors.append(FieldError(field: side.field, messageKey: "error.identity.damaged"))
            }
        }
        return (kept, errors)
    }

    /// Checks all three; every problem is reported, one per field (the types are complete only without errors).
    public static func checkAll(_ files: [Side: [UInt8]]) -> (types: [Side: DocumentType], errors: [FieldError]) {
        var types: [Side: DocumentType] = [:]
        var errors: [FieldError] = []
        for side in Side.allCases {
            switch check(files[side], side: side) {
            case .success(let type): types[side] = type
            case .failure(let error): errors.append(error)
            }
        }
        return (types, errors)
    }
}
