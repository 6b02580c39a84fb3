import Foundation

/// Rewrites guides written for another provider's console so they are true in this one (issue 11 §3): the
/// publisher's name becomes the provider's, its console becomes "the console", its web addresses go, each "Haga clic
/// aquí para …" becomes a `console:` link to the page it means (or plain words where no page matches: never a link
/// that goes nowhere), and "⋮" action menus, which this console does not have, become the item itself.
///
/// The house names are found, not listed (`ProperNames.houseNames`): the one that also appears in a web address
/// ("infomaniak.com") is the publisher, the others its console ("Manager"). The rules are for the Spanish
/// knowledge-base pages `SeedGuideImporter` reads; regular expressions, because each rule is a phrase pattern.
public struct SeedAdaptation: Sendable {
    public let providerName: String
    /// What a guide calls a console page ("direcciones de facturación") and the page's `console:` name; the first
    /// phrase found in the link's words wins, so more specific phrases come first.
    public let pages: [(phrase: String, page: String)]

    public init(providerName: String, pages: [(phrase: String, page: String)] = SeedAdaptation.spanishPages) {
        self.providerName = providerName
        self.pages = pages
    }

    /// The pages the Spanish guides send readers to, by the words they use.
    public static let spanishPages: [(phrase: String, page: String)] = [
        ("direcciones de facturación", "billing-addresses"), ("renovaciones", "renewals"), ("pagos", "invoices"),
        ("facturas", "invoices"), ("2fa", "security"), ("información de seguridad", "security"),
        ("inicio de sesión", "sign-in"), ("perfil", "profile"), ("newsletter", "newsletters"),
        ("organizaciones", "organizations"), ("productos", "products"), ("producto", "products"),
    ]

    /// The publisher, its console and its web addresses, as found in the page.
    public struct House: Sendable, Equatable {
        public var publisher: [String]
        public var console: [String]

        /// Splits `names` by whether a name appears as part of a web address in `text`.
        public init(names: Set<String>, in text: String) {
            let lowered = text.lowercased()
            // The name right before a top-level domain: "infomaniak.com", not "manager" of "manager.infomaniak.com".
            publisher = names.filter { lowered.range(of: "\\b\($0.lowercased())\\.[a-z]{2,}(?![a-z.])", options: .regularExpression) != nil }.sorted()
            console = names.subtracting(publisher).sorted()
        }

        public init(publisher: [String], console: [String]) {
            self.publisher = publisher
            self.console = console
        }
    }

    /// The text (a title, a summary or a Markdown body) as it should read here.
    public func adapt(_ text: String, house: House) -> String {
        var lines: [String] = []
        for line in text.components(separatedBy: "\n") {
            let adapted = adaptLine(line, house: house)
            if let adapted { lines.append(adapted) }
        }
        return lines.joined(separator: "\n")
    }

    /// nil when nothing is left of a list item or paragraph.
    private func adaptLine(_ original: String, house: House) -> String? {
        var line = original.replacingOccurrences(of: "\\s*\\(¿Necesita ayuda\\?\\)", with: "", options: .regularExpression)
        line = withoutAddresses(line, house: house)
        line = withoutLostReferences(line)
        line = clickHere(line, house: house)
        line = actionMenu(line)
        line = consoleNames(line, house: house)
        for name in house.publisher {
            line = line.replacingOccurrences(of: "\\b\(NSRegularExpression.escapedPattern(for: name))\\b", with: providerName,
                                             options: .regularExpression)
        }
        let content = line.replacingOccurrences(of: "^\\s*(?:[-*>]|\\d+\\.)?\\s*", with: "", options: .regularExpression)
        if content.isEmpty, line != original { return nil }
        return line
    }

    /// Removes the publisher's web addresses: in parentheses the parentheses go, elsewhere the whole sentence.
    private func withoutAddresses(_ line: String, house: House) -> String {
        var line = line
        for name in house.publisher {
            let host = "(?:https?://)?(?:[a-z0-9-]+\\.)*\(NSRegularExpression.escapedPattern(for: name.lowercased()))\\.[a-z]{2,}[^\\s)]*"
            line = line.replacingOccurrences(of: "\\s*\\([^()]*\(host)[^()]*\\)", with: "", options: [.regularExpression, .caseInsensitive])
            line = withoutSentences(matching: host, in: line)
        }
        return line
    }

    /// "… consulte esta otra guía." pointed at a link the page lost: the sentence goes.
    private func withoutLostReferences(_ line: String) -> String {
        withoutSentences(matching: "\\besta otra guía\\b", in: line)
    }

    /// The line without the sentences `pattern` matches (case-insensitive); a list item's marker stays.
    private func withoutSentences(matching pattern: String, in line: String) -> String {
        let matches = { (text: String) in text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil }
        guard matches(line) else { return line }
        let prefix = line.prefix { " -*>0123456789.".contains($0) }
        return String(prefix) + String(line.dropFirst(prefix.count)).sentences.filter { !matches($0) }.joined(separator: " ")
    }

    /// "Haga clic aquí (…) para acceder a la gestión de X en el Manager Y." → "[Acceda a la gestión de X](console:page)."
    private func clickHere(_ line: String, house: House) -> String {
        let pattern = "Haga clic aquí(?:\\s*\\([^)]*\\))?\\s+para\\s+(.+?)([.:]?)$"
        guard let match = line.range(of: pattern, options: .regularExpression) else { return line }
        var action = String(line[match]).replacingOccurrences(of: pattern, with: "$1", options: .regularExpression)
        // Where the page is ("en el Manager Infomaniak", "(Manager Infomaniak)") says nothing here.
        let names = (house.console + house.publisher).map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        if !names.isEmpty {
            action = action.replacingOccurrences(of: "\\s*(?:\\(|\\ben (?:el |la |su )?)(?:\(names))(?:\\s+(?:\(names)))*\\)?\\s*$", with: "",
                                                 options: .regularExpression)
        }
        action = action.trimmingCharacters(in: CharacterSet(charactersIn: " \"“”«»"))
        if action.hasPrefix("acceder a ") { action = "Acceda a " + action.dropFirst("acceder a ".count) }
        let lowered = action.lowercased()
        let words = pages.first { lowered.contains($0.phrase) }.map { "[\(action)](console:\($0.page))" } ?? action
        return String(line[..<match.lowerBound]) + words + "."
    }

    /// "Haga clic en el menú de acción ⋮ a la derecha del nombre de la kSuite." → "Haga clic en el nombre de la kSuite."
    private func actionMenu(_ line: String) -> String {
        let menu = "\\bel menú de acción ⋮\\s+(?:ubicado\\s+)?a la derecha"
        return line.replacingOccurrences(of: menu + " del ", with: "el ", options: .regularExpression)
            .replacingOccurrences(of: menu + " de la ", with: "la ", options: .regularExpression)
    }

    /// The publisher's console becomes "the console".
    private func consoleNames(_ line: String, house: House) -> String {
        guard !house.console.isEmpty else { return line }
        let consoles = house.console.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        let publisher = house.publisher.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        let name = publisher.isEmpty ? "(?:\(consoles))" : "(?:(?:\(consoles))(?:\\s+(?:\(publisher)))?|(?:\(publisher))\\s+(?:\(consoles)))"
        return line
            .replacingOccurrences(of: "\\bdel \(name)\\b", with: "de la consola", options: .regularExpression)
            .replacingOccurrences(of: "\\bal \(name)\\b", with: "a la consola", options: .regularExpression)
            .replacingOccurrences(of: "\\ba \(name)\\b", with: "a la consola", options: .regularExpression)
            .replacingOccurrences(of: "\\bel \(name)\\b", with: "la consola", options: .regularExpression)
            .replacingOccurrences(of: "\\b\(name)\\b", with: "consola", options: .regularExpression)
    }
}

extension String {
    /// The sentences of a line, each with its closing punctuation (one followed by a space or the end, so the dots
    /// of "news.example.com" do not end one).
    var sentences: [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(self)
        for (index, character) in characters.enumerated() {
            current.append(character)
            if ".!?".contains(character), index + 1 == characters.count || characters[index + 1] == " " {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { result.append(rest) }
        return result.filter { !$0.isEmpty }
    }
}
