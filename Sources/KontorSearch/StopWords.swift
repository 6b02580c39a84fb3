/// Small per-language lists of words that carry no meaning in a help-center question.
///
/// Lists are stored accent-folded and compared with folded words, so "Cómo" and "como" are both
/// dropped. They are kept short on purpose: dropping a meaningful word ("dos" in "dos pasos")
/// hurts more than keeping a filler word. The words that only say a customer wants something ("quiero",
/// "necesito", "hacer"; "voudrais", "besoin", "faire"; "want", "need") are on them since 5 December 2026: they
/// named no guide and decided rankings wherever a guide happened to use them (docs/benchmarks.md). German and
/// Italian ones were measured too and left off: they gained nothing, or cost Italian.
enum StopWords {
    /// Whether an accent-folded, lowercased word is a stop word in `language`.
    static func contains(_ foldedWord: String, language: SearchLanguage) -> Bool {
        lists[language]?.contains(foldedWord) ?? false
    }

    private static let lists: [SearchLanguage: Set<String>] = {
        var lists: [SearchLanguage: Set<String>] = [:]
        for (language, words) in source {
            let folded = words.split(whereSeparator: \.isWhitespace).map { AccentFolding.fold(String($0)) }
            lists[language] = Set(folded)
        }
        return lists
    }()

    private static let source: [SearchLanguage: String] = [
        .es: """
        a al algo algun alguna algunas alguno algunos ante antes como cómo con cual cuál cuales \
        cuando cuándo de del desde donde dónde el él ella ellas ellos en entre era es esa esas ese \
        eso esos esta está estas este esto estos estoy fue ha han hay he la las le les lo los más \
        me mi mis muy no nos nosotros o os para pero por porque puedo puede que qué quien quién se \
        sea ser si sí sin sobre su sus te tengo ti tu tus un una uno unos unas y ya yo quiero quisiera necesito hacer hago están estamos estaba estaban
        """,
        .fr: """
        à ai as au aux avec avez avons c ça ce cela ces cet cette comment d dans de des du elle \
        en es est et été être eu il ils j je l la le les leur lui m ma mais me mes moi mon n ne \
        nos notre nous on ont ou où par pas peux pour pourquoi qu quand que quel quelle quelles \
        quels qui s sa se ses sommes son sont suis sur t ta te tes toi ton tu un une vos votre \
        vous y veux voudrais besoin faire fais dois
        """,
        .en: """
        a about am an and are as at be been being but by can cant could did do does doesnt \
        doing dont for from had has have he her here his how i if im in into is isnt it its ive \
        just may me might must my no not of on or our s shall she should so than that the their \
        them there these they this those to too t very was we were what when where which who \
        whom why will with wont would you your want need
        """,
        .de: """
        aber als am an auch auf aus bei bin bist bitte da das dass dein deine dem den der des dich \
        die dies diese dieser dieses dir du ein eine einem einen einer eines er es euch für \
        habe haben hat hatte hier ich ihm ihn ihr ihre ihrem ihren ihrer ihres im in ist ja kann kein keine können man mein \
        meine meinem meinen meiner mich mir mit muss nach nicht noch nur oder sich sie sind so \
        um und uns unser unsere unserem unseren unserer unter von vor war warum was welche welcher welches wenn wer werden wie wir \
        wird wo zu zum zur über
        """,
        .it: """
        a ai agli al alla alle allo anche che chi ci come con cui da dagli dai dal dalla dalle \
        dallo degli dei del della delle dello di dove e è ed fra gli ha hai hanno ho i il in io \
        la le lei lo loro lui ma me mi mia mie miei mio molto ne negli nei nel nella nelle nello \
        noi non nostro o per perché più posso può quale quali quando quella quello questa queste \
        questi questo se sei si siamo siete sono su sua sugli sui sul sulla sulle sullo suo te \
        ti tra tu tua tuo un una uno vi voi vostro
        """,
    ]
}
