import KontorDomain

/// Reminder e-mails rendered once per (language, step, fee or not) with a marker where each value goes, then
/// filled in per invoice. Composing every message from the catalog (a dozen text replacements per paragraph) was
/// most of a 100,000-invoice run; filling in a split template is a few appends.
struct ReminderMailTemplates {
    /// The catalog's placeholders, in the order `ReminderMail.message` passes their values.
    static let names = ["number", "customer", "amount", "issued", "due", "until", "suspension", "fee", "reference"]

    /// Text split at the markers: literal pieces and, between them, which value goes there.
    struct Pieces {
        enum Piece { case literal(String), value(Int) }
        let pieces: [Piece]
        let literalLength: Int

        /// Splits `text` at markers `U+E000 <index> U+E001` (private-use characters: no catalog text or escaping
        /// touches them).
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

        func filled(with values: [String], escaping escape: ((String) -> String)? = nil) -> String {
            var result = ""
            result.reserveCapacity(literalLength + 128)
            for piece in pieces {
                switch piece {
                case .literal(let text): result += text
                case .value(let index):
                    let value = values[index]
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

    struct Template {
        let subject: Pieces
        let text: Pieces
        let html: Pieces
    }

    private var cache: [String: Template] = [:]

    /// The template for this kind of reminder; `compose` renders it once from arguments that are markers.
    mutating func template(language: Language, step: DunningLadder.Step, hasFee: Bool,
                           compose: ([String: String]) -> (subject: String, text: String, html: String)) -> Template {
        let key = "\(language.rawValue)|\(step.rawValue)|\(hasFee)"
        if let cached = cache[key] { return cached }
        var markers: [String: String] = [:]
        for (index, name) in Self.names.enumerated() { markers[name] = "\u{E000}\(index)\u{E001}" }
        let mail = compose(markers)
        let template = Template(subject: Pieces(mail.subject), text: Pieces(mail.text), html: Pieces(mail.html))
        cache[key] = template
        return template
    }
}
