/// Derives a guide's title from its lead sentence, or from the heading right after it when that names the guide better.
enum GuideTitle {
    /// The title chosen, and whether it was the guide's opening heading (which then leaves the body).
    struct Choice: Equatable {
        let title: String
        let fromHeading: Bool
    }

    /// What the lead sentence says the guide does.
    enum Lead: Equatable {
        /// "explica qué es / para qué sirve …": the guide defines something.
        case definition
        /// "explica cómo …": the guide is a procedure, and the phrase starts with its verb.
        case procedure
        /// "es para usted si …": the guide answers a situation.
        case situation
        /// Any other lead.
        case other
    }

    /// Lead openings, accent-folded, from the most to the least specific.
    static let leads: [(words: [String], lead: Lead)] = [
        (["esta", "guia", "explica", "como"], .procedure),
        (["esta", "guia", "explica", "que", "es"], .definition),
        (["esta", "guia", "explica", "que", "son"], .definition),
        (["esta", "guia", "explica", "para", "que", "sirve"], .definition),
        (["esta", "guia", "explica", "para", "que", "sirven"], .definition),
        (["esta", "guia", "es", "para", "usted", "si"], .situation),
        (["esta", "guia", "es", "para", "ti", "si"], .situation),
        (["esta", "guia", "explica"], .other),
        (["esta", "guia", "describe"], .other),
        (["esta", "guia", "presenta"], .other),
    ]

    /// Words that start a complement ("… para los productos", "… en los parámetros"): the title stops before them.
    static let complementWords: Set<String> = [
        "para", "en", "desde", "segun", "que", "cuando", "si", "sin", "mediante", "durante", "porque",
    ]
    /// After "y"/"o", these start a second question ("… y cuáles son sus implicaciones"), which the title leaves out.
    static let interrogatives: Set<String> = ["cuales", "como", "que", "donde", "cuando", "por"]
    /// Headings that name a part of any guide rather than the guide itself.
    static let genericHeadings: Set<String> = ["prologo", "preambulo", "introduccion", "prefacio", "requisitos previos"]
    /// Generic nouns a title can drop before a name: "activar la opción Renewal Warranty" is "activar Renewal Warranty".
    static let classifierNouns: [[String]] = [["la", "opcion"], ["la", "funcion"]]
    /// Articles a noun-phrase title does not start with.
    static let articles: Set<String> = ["un", "una", "unos", "unas", "el", "la", "los", "las"]

    /// Chooses the title: an editorial override first, then the opening heading where the lead says it names the
    /// guide (a definition, or a procedure heading starting with the lead's own verb), otherwise the lead's phrase.
    static func choose(summary: String, openingHeading: String?, overrides: [EditorialTitle]) -> Choice {
        if let override = overrides.first(where: { $0.matches(summary) }) {
            return Choice(title: override.title, fromHeading: false)
        }
        let (lead, phrase) = subject(of: summary)
        if let heading = openingHeading, !heading.hasPrefix("¿"), !genericHeadings.contains(TextFolding.fold(heading)) {
            let sameVerb = TextFolding.words(heading).first == TextFolding.words(phrase).first
            if lead == .definition || (lead == .procedure && sameVerb) {
                return Choice(title: heading, fromHeading: true)
            }
        }
        return Choice(title: titleCased(phrase), fromHeading: false)
    }

    /// The lead's kind and the phrase it introduces, cut before complements, e.g. "agregar una dirección de facturación".
    static func subject(of summary: String) -> (Lead, String) {
        var words = summary.split(separator: " ").map(String.init)
        let folded = words.map { TextFolding.words($0).joined() }
        var lead = Lead.other
        if let match = leads.first(where: { folded.starts(with: $0.words) }) {
            lead = match.lead
            words.removeFirst(match.words.count)
        }
        if lead == .situation { words = droppingSituationVerb(words) }
        return (lead, cutAtComplement(words).joined(separator: " "))
    }

    /// "ha recibido un recordatorio…" is about the reminder: a perfect-tense verb is dropped with its auxiliary.
    static func droppingSituationVerb(_ words: [String]) -> [String] {
        let auxiliaries: Set<String> = ["ha", "has", "han", "he"]
        guard words.count > 2, auxiliaries.contains(TextFolding.fold(words[0])) else { return words }
        let participle = TextFolding.fold(words[1])
        return ["ado", "ido", "to", "so", "cho"].contains(where: participle.hasSuffix) ? Array(words.dropFirst(2)) : words
    }

    /// Keeps the words up to the first complement, clause break or second question, and drops a classifier noun.
    static func cutAtComplement(_ words: [String]) -> [String] {
        var kept: [String] = []
        for (index, word) in words.enumerated() {
            let folded = TextFolding.words(word).joined()
            if !kept.isEmpty {
                if complementWords.contains(folded) || word.hasPrefix("(") { break }
                if ["y", "o"].contains(folded), index + 1 < words.count,
                   interrogatives.contains(TextFolding.words(words[index + 1]).joined()) { break }
            }
            // A word ending a clause ends the title, without its punctuation.
            if let last = word.last, ",;:.".contains(last) {
                kept.append(String(word.dropLast()))
                break
            }
            kept.append(word)
        }
        return droppingClassifier(kept)
    }

    /// Drops "la opción" between a verb and a name; at the start of the phrase the noun is the subject and stays.
    static func droppingClassifier(_ words: [String]) -> [String] {
        for noun in classifierNouns {
            for start in words.indices.dropFirst() where start + noun.count < words.count {
                let window = words[start..<start + noun.count].map(TextFolding.fold)
                let name = words[start + noun.count]
                if window == noun, let first = name.first, first.isUppercase || "\"“«".contains(first) {
                    return Array(words[..<start] + words[(start + noun.count)...])
                }
            }
        }
        return words
    }

    /// Drops a leading article and quotes and capitalizes the first word, unless it is a name like "kSuite".
    static func titleCased(_ phrase: String) -> String {
        var words = phrase.split(separator: " ").map { $0.filter { !"\"“”«»".contains($0) } }.filter { !$0.isEmpty }
        if words.count > 1, articles.contains(TextFolding.fold(words[0])) { words.removeFirst() }
        guard let first = words.first else { return phrase }
        if !first.dropFirst().contains(where: \.isUppercase) {
            words[0] = first.prefix(1).uppercased() + first.dropFirst()
        }
        return words.joined(separator: " ")
    }
}
