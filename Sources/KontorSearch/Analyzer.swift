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
        if let digits = NumberWords.digits(of: word, language: language) { return WordForms(word: digits, stem: digits) }
        if StopWords.contains(word, language: language) { return nil }
        if language == .de, let adjective = NumberWords.germanNumberAdjective(word) {
            return WordForms(word: adjective, stem: AccentFolding.fold(stemmer.stem(adjective)))
        }
        if let noun = Self.activityNoun(word) { return WordForms(word: word, stem: noun) }
        let stem = AccentFolding.fold(stemmer.stem(stemmable(lowered)))
        return WordForms(word: word, stem: stem.isEmpty ? word : stem)
    }

    /// "Activity" keeps a stem of its own. Snowball gives the noun and the verb "activate" one stem in every language
    /// (en "activ", es "activ", fr "activ", it "attiv"), so a customer who wants to activate two-factor authentication
    /// ("attivare 2fa") met the security log, whose subject is the account's "attività", as if it said the verb. German
    /// keeps "Aktivität" and "aktivieren" apart already.
    static func activityNoun(_ folded: String) -> String? {
        for beginning in ["activit", "activid", "attivit"] where folded.hasPrefix(beginning) { return beginning }
        return nil
    }

    /// The word Snowball should stem: in German a verbal noun in -ung stands for its verb ("Änderung" → "ändern",
    /// "Zahlungen" → "zahlen"), because Snowball gives the two different stems ("ander" and "and") and a customer
    /// who types "Änderung" wants the guide that says "ändern". Index and queries both pass here, so they meet.
    private func stemmable(_ lowered: String) -> String {
        switch language {
        case .de:
            let umlauts = Self.germanUmlauts(in: lowered)
            return IrregularVerbs.infinitive(of: umlauts, language: .de) ?? NounsOfAction.verb(of: umlauts, language: .de)
                ?? GermanVerbalNouns.verb(of: umlauts) ?? umlauts
        case .fr:
            let lowered = Self.frenchFeminineParticiple(lowered)
            return IrregularVerbs.infinitive(of: lowered, language: .fr) ?? Self.frenchInfinitive(of: lowered) ?? Self.frenchNounOfVerb(lowered)
            ?? Self.verbOfActionNoun(lowered, language: .fr) ?? Self.verbInIv(lowered, endings: ["ives", "ive"], infinitive: "iver")
        case .es:
            let lowered = Self.absoluteSuperlative(lowered, language: .es)
            return IrregularVerbs.infinitive(of: lowered, language: .es) ?? NounsOfAction.verb(of: lowered, language: .es)
            ?? Self.verbOfActionNoun(lowered, language: .es)
            ?? Self.verbInIv(lowered, endings: ["ivos", "ivas", "ivo", "iva"], infinitive: "ivar")
        case .it:
            let lowered = Self.absoluteSuperlative(lowered, language: .it)
            return IrregularVerbs.infinitive(of: lowered, language: .it) ?? NounsOfAction.verb(of: lowered, language: .it)
            ?? Self.verbOfActionNoun(lowered, language: .it)
            ?? Self.verbInIv(lowered, endings: ["ivo", "iva", "ivi", "ive"], infinitive: "ivare")
        case .en: return IrregularVerbs.infinitive(of: lowered, language: .en) ?? NounsOfAction.verb(of: lowered, language: .en)
            ?? Self.englishNounInRy(lowered) ?? lowered
        default: return lowered
        }
    }

    /// Nouns of action in -ación / -ation / -azione read as their verb in -ar / -er / -are, before stemming. Snowball
    /// strips these endings only when the word is long enough, so a short verb's noun kept a stem of its own: "migración"
    /// → "migracion" but "migrar" → "migr", "création" → "creation" but "créer" → "cré", "migrazione" / "migrare";
    /// "crear una cuenta" missed the guide titled "Creación de la cuenta". Long nouns ("configuración") already stemmed
    /// as their verb and still do. At least three letters must come before the ending ("nación", "station" stay), and
    /// French "-ication" is left to Snowball, which stems it as "-iquer" ("application", "appliquer").
    static func verbOfActionNoun(_ lowered: String, language: SearchLanguage) -> String? {
        let endings: [(String, String)] = switch language {
        case .es: [("aciones", "ar"), ("ación", "ar"), ("acion", "ar")]
        case .fr: [("ations", "er"), ("ation", "er")]
        case .it: [("azioni", "are"), ("azione", "are")]
        default: []
        }
        for (ending, infinitive) in endings where lowered.hasSuffix(ending) {
            let stem = lowered.dropLast(ending.count)
            guard stem.count >= 3, !(language == .fr && stem.hasSuffix("ic")) else { return nil }
            return stem + infinitive
        }
        return nil
    }

    /// Spanish and Italian absolute superlatives read as their adjective before stemming: "lentísima" is "lenta",
    /// "lentissimo" "lento", "carísimo" "caro". Snowball keeps the "-ísim-" / "-issim-" ("lentisim", "lentissim"), so a
    /// customer who wrote "la web va lentísima" met no guide that calls a site "lenta". The spelling changes of the
    /// suffix are undone ("poquísimo" → "poco", "larguísimo" → "largo", "lunghissimo" → "lungo"); at least three letters
    /// must stay before the ending. Typed with or without the accent.
    static func absoluteSuperlative(_ lowered: String, language: SearchLanguage) -> String {
        let endings: [(String, String)] = switch language {
        case .es: [("ísimos", "os"), ("ísimas", "as"), ("ísimo", "o"), ("ísima", "a"),
                   ("isimos", "os"), ("isimas", "as"), ("isimo", "o"), ("isima", "a")]
        case .it: [("issimi", "i"), ("issime", "e"), ("issimo", "o"), ("issima", "a")]
        default: []
        }
        for (ending, vowel) in endings where lowered.hasSuffix(ending) {
            var base = String(lowered.dropLast(ending.count))
            guard base.count >= 3 else { return lowered }
            switch language {
            case .es where base.hasSuffix("qu"): base = String(base.dropLast(2)) + "c"
            case .es where base.hasSuffix("gu"): base = String(base.dropLast(2)) + "g"
            case .it where (vowel == "o" || vowel == "a") && (base.hasSuffix("ch") || base.hasSuffix("gh")): base = String(base.dropLast())
            default: break
            }
            return base + vowel
        }
        return lowered
    }

    /// English nouns in -ery / -iry read as the verb they are made from, before stemming. Snowball keeps the noun's "y"
    /// ("expiry" → "expiri", "recovery" → "recoveri", "delivery" → "deliveri") and strips the verb to "expir", "recov",
    /// "deliv": "domain expired" missed the guide titled "…what happens after expiry", "recover my password" the one on
    /// "password recovery", "deliver" the one on "delivery". Without the "y" (or "ies") the noun stems as its verb.
    /// At least three letters must come before the ending, so "every" and "query" stay as they are; a noun whose
    /// shortened form is another word ("battery", "batter") only meets a word no help guide is about.
    static func englishNounInRy(_ lowered: String) -> String? {
        for (ending, kept) in [("eries", "er"), ("iries", "ir"), ("ery", "er"), ("iry", "ir")] where lowered.hasSuffix(ending) {
            guard lowered.count >= ending.count + 3 else { return nil }
            return lowered.dropLast(ending.count) + kept
        }
        return nil
    }

    /// Verbs in -ivar / -iver / -ivare brought to the infinitive before stemming. Snowball takes -ivo, -iva, -ive for
    /// an adjective's ending and strips it ("desactivo", "desactiva" → "desact"; "désactive" → "désact"; "disattiva" →
    /// "disatt") but stems the infinitive and the participle to "desactiv" / "désactiv" / "disattiv": "¿Cómo desactivo
    /// la doble autenticación?" missed the guide that says "desactivar". The adjectives of the same family (activo,
    /// active, attivo) meet their verb too, which a search wants.
    static func verbInIv(_ lowered: String, endings: [String], infinitive: String) -> String {
        for ending in endings where lowered.hasSuffix(ending) && lowered.count > ending.count + 2 {
            return lowered.dropLast(ending.count) + infinitive
        }
        return lowered
    }

    /// German written without umlauts, as a Swiss keyboard or an old system types it: "ae", "oe", "ue" read as "ä",
    /// "ö", "ü" (not "ue" after "q": "Quelle"), Snowball's German2 rule. "zuruecksetzen" stemmed apart from
    /// "zurücksetzen" and was found only as a typo. Index and queries both pass here, so a word that really has "ue"
    /// ("neue", "Steuer") is read the same way on both sides.
    static func germanUmlauts(in lowered: String) -> String {
        guard lowered.contains("e"), lowered.contains(where: { $0 == "a" || $0 == "o" || $0 == "u" }) else { return lowered }
        var result = ""
        result.reserveCapacity(lowered.utf8.count)
        var previous: Character?
        var pending: Character?
        for character in lowered {
            if let vowel = pending {
                pending = nil
                if character == "e" {
                    result.append(vowel == "a" ? "ä" : vowel == "o" ? "ö" : "ü")
                    previous = character
                    continue
                }
                result.append(vowel)
            }
            if (character == "a" || character == "o" || (character == "u" && previous != "q")) {
                pending = character
            } else {
                result.append(character)
            }
            previous = character
        }
        if let vowel = pending { result.append(vowel) }
        return result
    }

    /// French feminine participles typed without their accent, "-ee" and "-ees", read as "-ée" and "-ées". Snowball strips
    /// "-ée" and "-ées" as a verb's endings ("supprimées" → "supprim", as "supprimer") but keeps the "e" of the unaccented
    /// spelling ("supprimees" → "supprime"), and customers type without accents: "sauvegardes gardees combien de temps"
    /// met the guides' "garder" and "gardé" only as a typo. A typed word the guides have whole already finds their stem
    /// (`LanguageIndex.stemID(of:)`); this reads the others. French has no word of its own in "-ee": three letters at
    /// least must come before it, so short English words ("free", "fee") stay as they are.
    static func frenchFeminineParticiple(_ lowered: String) -> String {
        let ending = lowered.hasSuffix("ees") ? 3 : lowered.hasSuffix("ee") ? 2 : 0
        guard ending > 0, lowered.utf8.count >= ending + 3 else { return lowered }
        return lowered.dropLast(ending) + "é" + (ending == 3 ? "es" : "e")
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

    /// French nouns of action whose spelling leaves their verb's: Snowball stems "transfert" and "transférer", "connexion" and
    /// "connecter", "redirection" and "rediriger" apart ("transfert" / "transfer", "connexion" / "connect"), so "transférer
    /// mes mails" missed the guide on the "transfert de mails" and "se connecter en FTP" the one titled "Connexion FTP".
    /// The regular nouns in -ation already meet their verb (`verbOfActionNoun`); these are the irregular ones of a help
    /// center's vocabulary, read as the infinitive before stemming, in the index and the query. "Accès" / "accéder" was
    /// tried and left out: "accès" names what one has (an FTP access, access denied) more often than the act, and the
    /// hosting test set lost a question (docs/benchmarks.md, round 6).
    static func frenchNounOfVerb(_ lowered: String) -> String? {
        // Every word of every French guide passes here: only words ending like these nouns are looked up.
        let last = lowered.utf8.last
        guard last == UInt8(ascii: "n") || last == UInt8(ascii: "s") || last == UInt8(ascii: "t") else { return nil }
        let folded = AccentFolding.fold(lowered)
        if let verb = frenchNounVerbs[folded] { return verb }
        if folded.hasSuffix("s"), let verb = frenchNounVerbs[String(folded.dropLast())] { return verb }
        return nil
    }

    private static let frenchNounVerbs: [String: String] = [
        "transfert": "transférer", "connexion": "connecter", "deconnexion": "déconnecter", "reconnexion": "reconnecter",
        "redirection": "rediriger", "suppression": "supprimer", "protection": "protéger",
        "inscription": "inscrire", "desinscription": "désinscrire", "correction": "corriger",
    ]

    /// The forms of a word even if it is a stop word (for completing a word being typed).
    func formsIgnoringStopWords(of lowered: String) -> WordForms {
        WordForms(word: AccentFolding.fold(lowered), stem: AccentFolding.fold(stemmer.stem(stemmable(lowered))))
    }
}
