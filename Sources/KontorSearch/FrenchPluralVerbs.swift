/// French verbs in the third person plural, read as the singular when the guides lack the plural (queries only).
///
/// Snowball's French stemmer never strips the plural "-ent" of a present tense: "arrivent", "partent", "s'affichent",
/// "restent" keep stems of their own ("arrivent") while "arrive", "arriver", "arrivé" all stem to "arriv". Customers
/// describe what their mails and pages do in the plural ("mes messages ne m'arrivent pas", "les images ne s'affichent
/// plus"), the guides in the singular or the infinitive ("Plus aucun message n'arrive"), so the verb, often the word
/// that says what goes wrong, met nothing. Dropping "-nt" gives the singular, which Snowball stems as the verb's other
/// forms ("arrive" → "arriv", "parte" → "part", "affiche" → "affich").
///
/// Only the first group, the regular verbs in "-er" (the language's dictionary knows "arriver" for "arrivent"): the
/// irregular verbs' plurals are those of the everyday verbs ("ils mettent", "s'en rendent compte", "partent"), which
/// read as their singular met the guides that use "met" or "rend" in passing (hosting-3 fr 0.956 → 0.952 with them,
/// docs/benchmarks.md, round 8); "perdent" and the other -dre verbs of a help center are already read (`IrregularVerbs`).
/// Only a word the guides have neither as typed nor by its stem is read so, and only when the singular's stem is one
/// the guides use: a noun or adjective in "-ent" the guides know ("client", "paiement", "permanent") keeps its meaning,
/// and a reading never invents a term. Three letters at least must come before "-ent" ("lent" stays). The index is
/// not changed: a guide's own "arrivent" still matches as typed. Without the dictionary installed, nothing is read.
enum FrenchPluralVerbs {
    /// The forms of the singular `slot` stands for, when it is a plural verb the guides only use in other forms.
    static func singular(of slot: QuerySlot, session: AnalysisSession, index: LanguageIndex) -> WordForms? {
        let typed = slot.typed
        guard typed.hasSuffix("ent"), typed.unicodeScalars.count >= 6, !index.knows(slot.forms),
              index.dictionary?.knows(typed.dropLast(3) + "er") == true,
              let singular = session.forms(of: String(typed.dropLast(2))), index.knows(singular) else { return nil }
        return singular
    }
}
