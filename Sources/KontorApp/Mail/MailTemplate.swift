import Crypto
import Foundation

/// An e-mail rendered once with a marker where each value goes (`U+E000 <index> U+E001`: private-use characters that
/// no catalog text or escaping touches), filled in per message. A reminder run stores it once (`outbox_templates`)
/// and each of its 100,000 messages only its values; the outbox fills them in when it sends (`TemplatedMail`), with
/// the same code that filled them in before, so what a customer receives is the same to the byte.
struct MailTemplate: Sendable, Equatable {
    /// Derived from the content (SHA-256), so the same template stored by several runs or servers is one row.
    let id: UUID
    let subject: String
    let text: String
    let html: String

    /// A template as stored: its id was derived from this content when it was stored.
    init(id: UUID, subject: String, text: String, html: String) {
        (self.id, self.subject, self.text, self.html) = (id, subject, text, html)
    }

    init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
        var hasher = SHA256()
        for part in [subject, text, html] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        let bytes = Array(hasher.finalize().prefix(16))
        id = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    static func marker(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }

    /// The message with `values` in place of the markers; the HTML gets them escaped.
    func filled(with values: [String]) -> (subject: String, text: String, html: String) {
        (Pieces(subject).filled(with: values), Pieces(text).filled(with: values), Pieces(html).filled(with: values, escaping: XML.escape))
    }

    /// Text split at the markers: literal pieces and, between them, which value goes there.
    struct Pieces: Sendable {
        enum Piece: Sendable { case literal(String), value(Int) }
        let pieces: [Piece]
        let literalLength: Int

        init(_ text: String) {
            var pieces: [Piece] = []
            var rest = Substring(text)
            var length = 0
            while let open = rest.firstIndex(of: "\u{E000}"), let close = rest[open...].firstIndex(of: "\u{E001}"),
                  let index = Int(rest[rest.index(after: open)..<close]) {
                let literal = String(rest[..<open])
                length += literal.utf8.count
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                pieces.append(.value(index))
                rest = rest[rest.index(after: close)...]
            }
            if !rest.isEmpty { pieces.append(.literal(String(rest))); length += rest.utf8.count }
            self.pieces = pieces
            literalLength = length
        }

        /// A value index beyond `values` is left empty (a template and its values are always stored together).
        func filled(with values: [String], escaping escape: ((String) -> String)? = nil) -> String {
            var result = ""
            result.reserveCapacity(literalLength + 128)
            for piece in pieces {
                switch piece {
                case .literal(let text): result += text
                case .value(let index):
                    let value = index < values.count ? values[index] : ""
                    if let escape, value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) {
                        result += escape(value)
                    } else {
                        result += value
                    }
                }
            }
            return result
        }
    }
}
