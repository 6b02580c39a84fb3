import Foundation

extension MailMessage {
    /// A file sent with a message, kept as bytes so any content (PDF, image) goes through unchanged.
    public struct Attachment: Sendable, Codable, Equatable {
        /// The name the recipient's mail program offers when saving it; any Unicode text.
        public var filename: String
        /// A MIME type such as `application/pdf`.
        public var contentType: String
        public var data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }

        /// The MIME part: headers, a blank line, the bytes in base64 lines of 76 characters.
        func partLines() -> [String] {
            Self.headerLines(filename: filename, contentType: contentType) + [""] + MailMessage.base64Lines(data)
        }

        /// `Content-Type` with a `name` (what older clients read) and `Content-Disposition` with a `filename`.
        /// A plain ASCII name is quoted as it is; any other name goes as RFC 2047 words in `name` and as RFC 2231
        /// continuations in `filename*`, so no header line grows past 78 characters and no byte is non-ASCII.
        static func headerLines(filename: String, contentType: String) -> [String] {
            let type = safeContentType(contentType)
            let cleaned = String(filename.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            let name = cleaned.isEmpty ? "attachment" : cleaned
            if isPlainQuotable(name) {
                return ["Content-Type: \(type); name=\"\(name)\"", "Content-Transfer-Encoding: base64",
                        "Content-Disposition: attachment; filename=\"\(name)\""]
            }
            let words = MailMessage.encodedWords(name)
            let nameLines = words.enumerated().map { index, word in
                let opening = index == 0 ? " name=\"" : " "
                return opening + word + (index == words.count - 1 ? "\"" : "")
            }
            let pieces = percentEncodedPieces(name)
            let filenameLines = pieces.enumerated().map { index, piece in
                " filename*\(index)*=" + (index == 0 ? "UTF-8''" : "") + piece + (index == pieces.count - 1 ? "" : ";")
            }
            return ["Content-Type: \(type);"] + nameLines + ["Content-Transfer-Encoding: base64", "Content-Disposition: attachment;"] + filenameLines
        }

        /// Only `type/subtype` made of token characters; anything else would let a caller write its own headers.
        static func safeContentType(_ text: String) -> String {
            let token = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$&^_.+-"))
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
            let valid = parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.isASCII && token.contains($0) } }
            return valid ? text.trimmingCharacters(in: .whitespaces).lowercased() : "application/octet-stream"
        }

        /// Printable ASCII without the characters a quoted string would have to escape, short enough for one line.
        static func isPlainQuotable(_ name: String) -> Bool {
            name.count <= 40 && name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
        }

        /// RFC 2231 `value-chars`: UTF-8 bytes, unreserved ones as they are, others as `%XX`, in pieces of at most
        /// 45 characters that never split a `%XX`.
        static func percentEncodedPieces(_ name: String) -> [String] {
            let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
            var pieces: [String] = [], current = ""
            for byte in name.utf8 {
                let encoded = unreserved.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
                if current.count + encoded.count > 45 { pieces.append(current); current = "" }
                current += encoded
            }
            return pieces + [current]
        }
    }
}
