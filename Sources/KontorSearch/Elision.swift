/// Resolves apostrophes inside words according to the language.
///
/// French and Italian elide articles and prepositions ("l'adresse", "d'authentification",
/// "dell'account"): the elided part is dropped so the noun is indexed on its own. English keeps
/// contractions whole ("don't" → "dont") and drops the possessive "'s". Elsewhere an apostrophe
/// simply separates two words ("O'Reilly" → "o", "reilly").
enum Elision {
    /// Passes the words a raw span stands for (usually one) to `emit`; false if `emit` asked to stop.
    static func resolve(_ span: RawSpan, in text: String, language: SearchLanguage, _ emit: (Token) -> Bool) -> Bool {
        let scalars = text.unicodeScalars
        guard let apostrophe = span.apostrophe else {
            return emit(Token(lowered: Tokenizer.lowercased(text, span), range: span.range, utf8Range: span.utf8Range))
        }
        let afterIndex = scalars.index(after: apostrophe.index)
        let afterOffset = apostrophe.offset + UTF8.width(scalars[apostrophe.index])
        let head = Token(
            lowered: Tokenizer.lowercased(scalars[span.range.lowerBound..<apostrophe.index]),
            range: span.range.lowerBound..<apostrophe.index,
            utf8Range: span.utf8Range.lowerBound..<apostrophe.offset)
        let tail = Token(
            lowered: Tokenizer.lowercased(scalars[afterIndex..<span.range.upperBound]),
            range: afterIndex..<span.range.upperBound,
            utf8Range: afterOffset..<span.utf8Range.upperBound)

        switch language {
        case .fr, .it:
            let elided = language == .fr ? frenchElisions : italianElisions
            return elided.contains(AccentFolding.fold(head.lowered)) ? emit(tail) : emit(head) && emit(tail)
        case .en:
            if tail.lowered == "s" { return emit(head) }
            return emit(Token(lowered: head.lowered + tail.lowered, range: span.range, utf8Range: span.utf8Range))
        case .es, .de:
            return emit(head) && emit(tail)
        }
    }

    /// French elided forms: le/la, de, je, que, ne, se, ce, me, te and the conjunctions ending in "qu".
    private static let frenchElisions: Set<String> = [
        "l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    ]

    /// Italian elided articles and articulated prepositions ("dell'", "all'", "un'", "quest'").
    private static let italianElisions: Set<String> = [
        "l", "d", "c", "m", "t", "s", "v", "n", "un", "dell", "all", "dall", "nell", "sull", "coll",
        "quest", "quell", "tutt", "com", "dov", "anch", "bell", "sant",
    ]
}
