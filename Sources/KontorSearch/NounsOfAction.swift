import Foundation

/// Spanish, Italian, English and German nouns of action whose spelling leaves their verb's, read as the verb before
/// stemming, in the index and the query: round 6's French rule (`AnalysisSession.frenchNounOfVerb`: "transfert",
/// "connexion", "redirection") for the other languages. German verbal nouns in -ung already meet their verb
/// (`GermanVerbalNouns`); the ones here change their vowel or drop the verb's ending ("Umzug" / "umziehen", "Verlust" /
/// "verlieren", "Versand" / "versenden"): "Website umziehen" and "Umzug der Website" are one question.
///
/// Snowball strips "-ción" and "-ione" only where the verb is regular ("configuración" / "configurar", and round 5's
/// `verbOfActionNoun` for the short ones); "redirección" / "redirigir", "devolución" / "devolver", "sospensione" /
/// "sospendere", "iscrizione" / "iscrivere", "suspension" / "suspend", "subscription" / "subscribe" keep two stems, so
/// "error demasiadas redirecciones" missed the guide that says what to do when a site "redirige" forever. The same words
/// as the French table where the languages share them, and the nouns of a hosting customer's own acts (a refund, a
/// subscription, a suspension, a cancellation). Left out, as measured (docs/benchmarks.md, round 7): access ("acceso",
/// "accesso"), which names what one has more often than the act, as in French; Spanish "conexión", whose verb put the
/// guide titled "Conectar un repositorio" above the one quoting the browser's "la conexión no es privada"; Italian
/// "scadenza", which the products guide names for every product, above the guide on an expired domain ("dominio scaduto").
enum NounsOfAction {
    /// The verb `lowered` is the noun of, when it is one of the tables' nouns (singular or plural, accents or not).
    static func verb(of lowered: String, language: SearchLanguage) -> String? {
        guard let table = tables[language] else { return nil }
        if let verb = table[lowered] { return verb }
        // Every word of every guide passes here: only a word with accents is folded and looked up again.
        return lowered.utf8.contains(where: { $0 >= 0x80 }) ? table[AccentFolding.fold(lowered)] : nil
    }

    private static let tables: [SearchLanguage: [String: String]] = [
        .es: table([
            ("transferir", ["transferencia", "transferencias"]),
            ("desconectar", ["desconexión", "desconexiones"]), ("reconectar", ["reconexión"]),
            ("redirigir", ["redirección", "redirecciones"]), ("suprimir", ["supresión"]), ("proteger", ["protección"]),
            ("inscribir", ["inscripción", "inscripciones"]), ("suscribir", ["suscripción", "suscripciones"]),
            ("corregir", ["corrección", "correcciones"]), ("devolver", ["devolución", "devoluciones"]),
            ("describir", ["descripción", "descripciones"]), ("resolver", ["resolución"]),
        ]),
        .it: table([
            ("connettere", ["connessione", "connessioni"]), ("disconnettere", ["disconnessione", "disconnessioni"]),
            ("proteggere", ["protezione"]), ("iscrivere", ["iscrizione", "iscrizioni"]), ("correggere", ["correzione", "correzioni"]),
            ("sospendere", ["sospensione", "sospensioni"]), ("risolvere", ["risoluzione"]), ("richiedere", ["richiesta", "richieste"]),
            ("disdire", ["disdetta", "disdette"]),
        ]),
        .de: table([
            ("umziehen", ["umzug", "umzüge", "umzuge"]), ("verlieren", ["verlust", "verluste"]), ("versenden", ["versand"]),
        ]),
        .en: table([
            ("suspend", ["suspension", "suspensions"]), ("subscribe", ["subscription", "subscriptions"]),
            ("fail", ["failure", "failures"]), ("describe", ["description", "descriptions"]),
        ]),
    ]

    private static func table(_ verbs: [(verb: String, nouns: [String])]) -> [String: String] {
        var table: [String: String] = [:]
        for entry in verbs { for noun in entry.nouns { table[AccentFolding.fold(noun)] = entry.verb } }
        return table
    }
}
