/// Turns text into the terms the index stores: tokens → lowercase → elision → stop words → stem → fold.
public struct Analyzer: Sendable {
    /// The language whose rules this analyzer applies.
    public let language: SearchLanguage

    /// Creates an analyzer for one language.
    public init(language: SearchLanguage) {
        self.language = language
    }

    /// The indexed terms of `text`, in order: stemmed, accent-folded, stop words removed.
    public func terms(_ text: String) -> [String] {
        let session = AnalysisSession(language: language)
        var terms: [String] = []
        Tokenizer.forEachToken(in: text, language: language) { token in
            if let forms = session.forms(of: token.lowered) { terms.append(forms.stem) }
            return true
        }
        return terms
    }
}

/// The two indexed spellings of one word.
struct WordForms: Hashable {
    /// Folded, unstemmed ("contraseñas" → "contrasenas"): matches count as exact.
    var word: String
    /// Folded stem ("contraseñas" → "contrasen"): matches count as stemmed.
    var stem: String
}

/// Analysis with its own stemmer.
///
/// Not Sendable because libstemmer is not thread-safe: each index build and each search makes
/// its own session (creating a stemmer costs about a microsecond).
final class AnalysisSession {
    let language: SearchLanguage
    private let stemmer: Stemmer

    init(language: SearchLanguage) {
        self.language = language
        self.stemmer = Stemmer(language: language)
    }

    /// Whether a lowercased word is a stop word of this language.
    func isStopWord(_ lowered: String) -> Bool {
        StopWords.contains(AccentFolding.fold(lowered), language: language)
    }

    /// The forms of a lowercased word, or nil for a stop word.
    func forms(of lowered: String) -> WordForms? {
        let word = AccentFolding.fold(lowered)
        if StopWords.contains(word, language: language) { return nil }
        let stem = AccentFolding.fold(stemmer.stem(stemmable(lowered)))
        return WordForms(word: word, stem: stem.isEmpty ? word : stem)
    }

    /// The word Snowball should stem: in German a verbal noun in -ung stands for its verb ("Änderung" → "ändern",
    /// "Zahlungen" → "zahlen"), because Snowball gives the two different stems ("ander" and "and") and a customer
    /// who types "Änderung" wants the guide that says "ändern". Index and queries both pass here, so they meet.
    private func stemmable(_ lowered: String) -> String {
        switch language {
        case .de: GermanVerbalNouns.verb(of: lowered) ?? lowered
        case .fr: Self.frenchInfinitive(of: lowered) ?? lowered
        default: lowered
        }
    }

    /// French verbs in -ifier and their nouns in -ification, brought to the infinitive before stemming. Snowball stems
    /// "modifier", "modifié" and "modifie" to "modifi" but the imperative the guides use, "modifiez", to "modif", and the
    /// noun "modification" to "modif" too, by other rules: a customer who types "modifier" or "modification" missed the
    /// guide that says "Modifiez", and one who types "modifiez" missed the one that says "modifier". The family is
    /// regular (vérifier, notifier, identifier, justifier, spécifier); other verbs keep Snowball's forms.
    static func frenchInfinitive(of lowered: String) -> String? {
        for ending in ["ifications", "ification", "ifiez"] where lowered.hasSuffix(ending) && lowered.count > ending.count + 1 {
            return lowered.dropLast(ending.count) + "ifier"
        }
        return nil
    }

    /// The forms of a word even if it is a stop word (for completing a word being typed).
    func formsIgnoringStopWords(of lowered: String) -> WordForms {
        WordForms(word: AccentFolding.fold(lowered), stem: AccentFolding.fold(stemmer.stem(stemmable(lowered))))
    }
}
