/// Irregular verb forms read as their infinitive, before stemming, in the index and the query alike.
///
/// Snowball strips regular endings only, so a verb's irregular past or participle keeps a stem of its own and never
/// meets the forms the guides use. Each table below is the language's own irregular verbs, general knowledge written
/// from a grammar, not from any question: a customer who lost, sold, broke or suspended something types the past, and
/// the guide says the infinitive or an imperative.
///
/// **English**: Snowball strips endings, so "forgot",
/// "lost", "sold", "sent", "paid", "overwrote" kept stems of their own and never met the guides' "forget", "lose",
/// "sell", "send", "pay", "overwrite" (nor the guides' "overwritten" the customer's "overwrite"): "sold my company,
/// the buyer wants the domain in their name" missed the guide on changing a domain's owner "after selling a
/// business", "i overwrote style.css" the one on restoring an overwritten file. Index and queries both pass here.
/// The everyday verbs (get, take, make, give, keep, do, come, say, see, know, run, hold, bring, stand, meet, go) are
/// left as Snowball reads them: their past names no subject, and read as the infinitive it met the many guides
/// that use the infinitive in passing (docs/benchmarks.md, round 7). Past forms that are other words as often
/// ("left", "led", "saw", "rose", "won", "thought", "felt", "fell") are left out too.
///
/// **Spanish and Italian** participles that Snowball leaves apart from their verb: "roto" / "romper", "devuelto" /
/// "devolver", "sobrescrito" / "sobrescribir"; "sospeso" / "sospendere", "rimosso" / "rimuovere", "chiuso" / "chiudere",
/// "spento" / "spegnere", with their feminine and plural forms. Left out where the participle is as often a noun
/// ("puesto", "hecho", "impuesto"; "permesso", "offerta", "prodotto", "successo", "spese").
///
/// **French** verbs in -dre and a few others whose infinitive, participle and present Snowball stems apart ("perdre" →
/// "perdr", "perdu" → "perdu", "perdez" → "perd"): "j'ai perdu mon téléphone" and "si vous perdez votre téléphone", "site
/// suspendu" and "nous suspendons" met only as typed. The "-cevoir" verbs ("reçu", "recevoir") stay with Snowball, as
/// measured in round 6; "offre" (a plan) keeps its own stem.
///
/// In every language the everyday verbs are left as Snowball reads them, as in English: with "mettre", "prendre",
/// "rendre" ("mettre en place", "s'en rendre compte"), "abrir", "volver", "mettere", "prendere" and "perdere" the French,
/// Spanish and Italian sets lost up to 0.013 and gained nothing (docs/benchmarks.md, round 7).
///
/// **German** strong verbs whose stem vowel changes ("verloren" / "verlieren", "vergaß" / "vergessen", "gestohlen" /
/// "stehlen"); weak participles are already read by `GermanQueryWords`.
enum IrregularVerbs {
    /// The infinitive `lowered` is a form of, when it is one of the tables' irregular forms, typed with or without its
    /// accents ("répondu", "repondu").
    static func infinitive(of lowered: String, language: SearchLanguage) -> String? {
        guard let table = forms[language] else { return nil }
        if let infinitive = table[lowered] { return infinitive }
        // Every word of every guide passes here: only a word with accents is folded and looked up again.
        return lowered.utf8.contains(where: { $0 >= 0x80 }) ? table[AccentFolding.fold(lowered)] : nil
    }

    private static let forms: [SearchLanguage: [String: String]] = [
        .en: table(english), .es: table(spanish), .it: table(italian), .fr: table(french), .de: table(german),
    ]

    private static func table(_ verbs: [(infinitive: String, forms: [String])]) -> [String: String] {
        var table: [String: String] = [:]
        for verb in verbs { for form in verb.forms { table[AccentFolding.fold(form)] = verb.infinitive } }
        return table
    }

    /// Participles in -o with their feminine and plural forms (Spanish -o, -a, -os, -as; Italian -o, -a, -i, -e).
    private static func inflected(_ participle: String, _ endings: [String]) -> [String] {
        let stem = participle.dropLast()
        return endings.map { stem + $0 }
    }

    private static let english: [(infinitive: String, forms: [String])] = [
            ("begin", ["began", "begun"]), ("break", ["broke", "broken"]), ("build", ["built"]), ("buy", ["bought"]),
            ("catch", ["caught"]), ("choose", ["chose", "chosen"]), ("deal", ["dealt"]), ("draw", ["drew", "drawn"]),
            ("drive", ["drove", "driven"]), ("find", ["found"]), ("forget", ["forgot", "forgotten"]), ("forgive", ["forgave", "forgiven"]),
            ("freeze", ["froze", "frozen"]), ("hide", ["hid", "hidden"]), ("lend", ["lent"]), ("lose", ["lost"]),
            ("mean", ["meant"]), ("overwrite", ["overwrote", "overwritten"]), ("pay", ["paid"]), ("prepay", ["prepaid"]),
            ("rewrite", ["rewrote", "rewritten"]), ("sell", ["sold"]), ("send", ["sent"]), ("show", ["shown"]),
            ("speak", ["spoke", "spoken"]), ("spend", ["spent"]), ("steal", ["stole", "stolen"]), ("teach", ["taught"]),
            ("tell", ["told"]), ("throw", ["threw", "thrown"]), ("understand", ["understood"]), ("wake", ["woke", "woken"]),
            ("withdraw", ["withdrew", "withdrawn"]), ("write", ["wrote", "written"]),

    ]

    private static let spanish: [(infinitive: String, forms: [String])] = [
        ("escribir", "escrito"), ("reescribir", "reescrito"), ("sobrescribir", "sobrescrito"), ("sobreescribir", "sobreescrito"),
        ("inscribir", "inscrito"), ("suscribir", "suscrito"), ("romper", "roto"), ("devolver", "devuelto"),
        ("envolver", "envuelto"), ("resolver", "resuelto"), ("cubrir", "cubierto"),
        ("descubrir", "descubierto"), ("imprimir", "impreso"), ("deshacer", "deshecho"),
    ].map { ($0.0, inflected($0.1, ["o", "a", "os", "as"])) } + spanishStemChanging

    /// Spanish verbs whose stressed vowel becomes a diphthong in the present ("renovar" / "se renueva", "probar" / "pruebo",
    /// "costar" / "cuesta"): Snowball stems "renuev" apart from "renov", so "el dominio se renueva solo" never met the guide
    /// on renewal ("renovación", "renovar"), nor "quiero probar" a "periodo de prueba". The present indicative and
    /// subjunctive forms with the diphthong are read as the infinitive. Verbs whose diphthong form is an everyday noun of
    /// another meaning are left out ("cuenta", an account, from "contar"; "vuelta" and "vuelvo" from "volver", left out
    /// of the participles above for the same reason), and so are "poder" and "querer", stop words.
    private static let spanishStemChanging: [(infinitive: String, forms: [String])] = [
        ("renovar", "renuev"), ("probar", "prueb"), ("costar", "cuest"), ("cerrar", "cierr"), ("encontrar", "encuentr"),
        ("recordar", "recuerd"), ("mostrar", "muestr"), ("empezar", "empiez"), ("comprobar", "comprueb"),
        ("mover", "muev"), ("devolver", "devuelv"), ("entender", "entiend"), ("encender", "enciend"),
        ("requerir", "requier"),
    ].map { verb, stem in
        let first = verb.hasSuffix("ar") ? ["o", "as", "a", "an", "e", "es", "en"] : ["o", "es", "e", "en", "a", "as", "an"]
        // "empiece", "empiecen": z before e is written c.
        return (verb, first.map { ending in stem.hasSuffix("z") && ending.hasPrefix("e") ? stem.dropLast() + "c" + ending : stem + ending })
    }

    private static let italian: [(infinitive: String, forms: [String])] = [
        ("scrivere", "scritto"), ("riscrivere", "riscritto"),
        ("sovrascrivere", "sovrascritto"), ("iscrivere", "iscritto"), ("sottoscrivere", "sottoscritto"), ("descrivere", "descritto"),
        ("aprire", "aperto"), ("rompere", "rotto"), ("chiedere", "chiesto"), ("rispondere", "risposto"), ("spegnere", "spento"),
        ("accendere", "acceso"), ("scegliere", "scelto"), ("togliere", "tolto"), ("sospendere", "sospeso"),
        ("correggere", "corretto"), ("rimanere", "rimasto"), ("chiudere", "chiuso"), ("decidere", "deciso"), ("connettere", "connesso"),
        ("disconnettere", "disconnesso"), ("trasmettere", "trasmesso"), ("promettere", "promesso"), ("risolvere", "risolto"),
        ("aggiungere", "aggiunto"), ("raggiungere", "raggiunto"), ("proteggere", "protetto"), ("leggere", "letto"),
        ("dividere", "diviso"), ("comprendere", "compreso"), ("riprendere", "ripreso"), ("coprire", "coperto"),
        ("scoprire", "scoperto"), ("ridurre", "ridotto"), ("tradurre", "tradotto"), ("estendere", "esteso"),
        ("rimuovere", "rimosso"), ("muovere", "mosso"),
    ].map { ($0.0, inflected($0.1, ["o", "a", "i", "e"])) }

    /// Infinitive, participles and the present forms Snowball stems apart.
    private static let french: [(infinitive: String, forms: [String])] = {
        // Verbs in -dre conjugated like "perdre": perdu(e)(s), perds, perd, perdez, perdons, perdent.
        let likePerdre = ["perdre", "vendre", "répondre", "attendre", "suspendre", "entendre", "descendre", "étendre",
                          "défendre", "tordre"].map { infinitive -> (String, [String]) in
            let stem = String(infinitive.dropLast(2))
            return (infinitive, [infinitive] + ["u", "ue", "us", "ues", "s", "", "ez", "ons", "ent"].map { stem + $0 })
        }
        return likePerdre + [
            ("transmettre", ["transmettre", "transmis", "transmise", "transmises", "transmets", "transmet", "transmettez", "transmettent"]),
            ("soumettre", ["soumettre", "soumis", "soumise", "soumises", "soumets", "soumet", "soumettez", "soumettent"]),
            ("ouvrir", ["ouvrir", "ouvert", "ouverte", "ouverts", "ouvertes", "ouvre", "ouvres", "ouvrez", "ouvrons", "ouvrent"]),
            ("couvrir", ["couvrir", "couvert", "couverte", "couverts", "couvertes", "couvre", "couvrez", "couvrent"]),
            ("écrire", ["écrire", "écrit", "écrite", "écrits", "écrites", "écris", "écrivez", "écrivons", "écrivent"]),
            ("disparaître", ["disparaître", "disparaitre", "disparu", "disparue", "disparus", "disparues", "disparaît", "disparait",
                             "disparais", "disparaissent"]),
            ("éteindre", ["éteindre", "éteint", "éteinte", "éteints", "éteintes", "éteins", "éteignez", "éteignent"]),
            ("joindre", ["joindre", "joint", "jointe", "joints", "jointes", "joins", "joignez", "joignent"]),
        ]
    }()

    private static let german: [(infinitive: String, forms: [String])] = [
        ("verlieren", ["verloren", "verlor"]), ("vergessen", ["vergaß", "vergass"]),
        ("stehlen", ["gestohlen", "stahl", "stiehlt"]), ("schreiben", ["geschrieben", "schrieb"]), ("finden", ["gefunden", "fand"]),
        ("verschwinden", ["verschwunden", "verschwand"]), ("senden", ["gesandt", "sandte"]), ("lesen", ["gelesen", "liest"]),
        ("erhalten", ["erhielt", "erhält"]), ("schließen", ["geschlossen", "schloss"]), ("verbinden", ["verbunden", "verband"]),
        ("brechen", ["gebrochen", "brach", "bricht"]), ("vergeben", ["vergab", "vergibt"]),
    ]
}
