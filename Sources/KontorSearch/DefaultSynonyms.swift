/// The synonyms a hosting help center starts with, per language, before its editors add any.
///
/// Only true equivalences of a customer console: an abbreviation and its long form ("2FA", "two-factor
/// authentication"), a loanword and the native word ("E-Mail", "Mail"), a regional or everyday name for the same
/// thing ("Natel", "Handy"). Written from general hosting vocabulary, not from any list of test questions, and kept
/// small: a wrong synonym costs more than a missing one, and editors add their own on the staff synonyms page.
/// A group applies only to its language, so the German "Handy" never expands an English "handy".
public enum DefaultSynonyms {
    public static let groups: [SynonymGroup] = spanish + french + english + german + italian
        + spanishMore + frenchMore + englishMore + germanMore + italianMore + panels

    /// `groups` with the editors' groups added; an editor's group replaces every default group of its language (of
    /// any language, for a group of all languages) that shares a term with it, so an editor who disagrees with a
    /// default only has to write the group the way they want it.
    public static func merged(withEditors editors: [SynonymGroup]) -> [SynonymGroup] {
        shipped(withEditors: editors).filter { $0.replacedBy == nil }.map(\.group) + editors
    }

    /// Every shipped group with the editor's group that replaces it, if one does: what the staff synonyms page shows,
    /// so an editor sees what search starts with and which of it their own groups have taken over.
    public static func shipped(withEditors editors: [SynonymGroup]) -> [(group: SynonymGroup, replacedBy: SynonymGroup?)] {
        let edited = editors.map { editor in (group: editor, terms: Set(editor.terms.map(normalized))) }
        return groups.map { group in
            let replacement = edited.first { editor in
                (editor.group.language == nil || editor.group.language == group.language)
                    && group.terms.contains { editor.terms.contains(normalized($0)) }
            }
            return (group, replacement?.group)
        }
    }

    private static func normalized(_ term: String) -> String {
        term.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: " ")
    }

    static let spanish: [SynonymGroup] = [
        SynonymGroup(["2FA", "doble factor", "autenticación de dos factores", "autenticación en dos pasos",
                      "verificación en dos pasos", "doble autenticación"], language: .es),
        SynonymGroup(["correo electrónico", "e-mail", "email", "mail"], language: .es),
        SynonymGroup(["iniciar sesión", "login", "loguearse"], language: .es),
        SynonymGroup(["cerrar sesión", "logout", "desloguearse"], language: .es),
        SynonymGroup(["móvil", "celular", "teléfono móvil", "teléfono", "smartphone"], language: .es),
        SynonymGroup(["SMS", "mensaje de texto"], language: .es),
    ]

    static let french: [SynonymGroup] = [
        SynonymGroup(["A2F", "2FA", "double authentification", "authentification à deux facteurs",
                      "validation en deux étapes"], language: .fr),
        SynonymGroup(["e-mail", "courriel", "mail", "email"], language: .fr),
        SynonymGroup(["mot de passe", "mdp"], language: .fr),
        SynonymGroup(["SMS", "texto"], language: .fr),
        // "Mon portable" is the phone in France, the "Natel" in Romandy; the guides say "téléphone".
        SynonymGroup(["téléphone", "portable", "téléphone portable", "mobile", "natel", "smartphone"], language: .fr),
    ]

    static let english: [SynonymGroup] = [
        SynonymGroup(["2FA", "two-factor authentication", "two-step verification", "2-step verification",
                      "MFA", "multi-factor authentication"], language: .en),
        SynonymGroup(["e-mail", "email", "mail"], language: .en),
        SynonymGroup(["sign in", "log in", "login"], language: .en),
        SynonymGroup(["sign out", "log out", "logout"], language: .en),
        SynonymGroup(["SMS", "text message"], language: .en),
        SynonymGroup(["mobile", "cell phone", "mobile phone", "phone", "cellphone", "smartphone"], language: .en),
        SynonymGroup(["organization", "organisation"], language: .en),
    ]

    static let german: [SynonymGroup] = [
        SynonymGroup(["2FA", "Zwei-Faktor-Authentifizierung", "Zwei-Faktor", "zweistufige Verifizierung",
                      "Bestätigung in zwei Schritten"], language: .de),
        SynonymGroup(["E-Mail", "Mail", "Email"], language: .de),
        SynonymGroup(["anmelden", "einloggen", "Login"], language: .de),
        SynonymGroup(["abmelden", "ausloggen", "Logout"], language: .de),
        SynonymGroup(["Handy", "Natel", "Mobiltelefon", "Telefon", "Smartphone"], language: .de),
        SynonymGroup(["Passwort", "Kennwort"], language: .de),
    ]

    static let italian: [SynonymGroup] = [
        SynonymGroup(["2FA", "autenticazione a due fattori", "doppia autenticazione", "verifica in due passaggi"],
                     language: .it),
        SynonymGroup(["e-mail", "email", "mail", "posta elettronica"], language: .it),
        SynonymGroup(["login", "accedere", "loggarsi"], language: .it),
        SynonymGroup(["logout", "disconnettersi", "sloggarsi"], language: .it),
        SynonymGroup(["cellulare", "telefonino", "telefono", "natel", "smartphone"], language: .it),
        SynonymGroup(["SMS", "messaggio di testo"], language: .it),
    ]
}
