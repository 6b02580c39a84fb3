/// Words of a question that say how much, which one or in relation to what, but never what the question is about:
/// English quantifiers, indefinite determiners, some prepositions and adverbs ("much", "another", "over", "without"),
/// and a few Spanish and German everyday verbs (below).
///
/// They are not stop words: guides use them in the phrases customers type ("without the padlock", "move over"), so they
/// stay in the index, add their weight to a guide's score and count for proximity. But they no longer count towards
/// the first ranking rule, the number of query words a guide matches clearly (`RankedDocument.decidingWords`): "too much
/// spam in my inbox" put the mailbox-quota guide ("See how much space a mailbox uses") above the spam filter, and "point
/// domain to another host's ip address" the name-server guide ("Point your domain to another DNS provider") above the
/// DNS records, because they matched "much" and "another" as clearly as the subject. A question made of light words only
/// reads them as ordinary words.
///
/// In Spanish, the everyday verbs that say what a customer sees or has rather than what about: "decir" ("me dice login
/// incorrect", "chrome dice no es seguro"), "ir" ("la web no va") and "tener" beside "tengo", already a stop word ("el
/// hosting tiene la 7.4"). "Se me caducó el dominio y la web no va" put the guide on forwarding a domain to another
/// "web" first, because it matched "va" as well. "Salir" was tried and left out: it is "leave" ("salir de la
/// organización") as often as "appear"; French "dire" and "aller" moved no question.
///
/// German has the same two everyday verbs, added in round 7: "sagen" ("seit gestern sagt die Konsole …") and "gehen" ("die
/// Webseite geht nicht mehr", "die Rechnung soll an den Buchhalter gehen"). Italian "dire" and "andare" ("il sito non va")
/// were tried as well and cost `queries-fresh` it 0.963 → 0.954.
///
/// No function words outside English, as measured (docs/benchmarks.md, round 6): French and Spanish lists ("chez", "vers",
/// "autre", "trop"; "otro", "mucho", "hasta") cost more than they gained on the hosting stand-ins, because there these
/// words sit inside the phrases that name a subject ("transférer chez nous", "trop de redirections", "a otra cuenta");
/// and "only", "still", "plus", "tous" were taken out for the same reason ("a user who can only see billing").
enum LightWords {
    /// Whether an accent-folded, lowercased word is a light word of `language`.
    static func contains(_ foldedWord: String, language: SearchLanguage) -> Bool {
        lists[language]?.contains(foldedWord) ?? false
    }

    private static let lists: [SearchLanguage: Set<String>] = {
        var lists: [SearchLanguage: Set<String>] = [:]
        for (language, words) in source {
            lists[language] = Set(words.split(whereSeparator: \.isWhitespace).map { AccentFolding.fold(String($0)) })
        }
        return lists
    }()

    private static let source: [SearchLanguage: String] = [
        .es: "dice dicen dijo decir va van iba ir voy tiene tienen tienes tener tenía",
        .de: "sagt sagen sagte gesagt geht gehen ging gegangen",
        .en: """
        one another other others all any some each every much many lot lots few more most less over also again already even \
        than then without since until via
        """,
    ]
}
