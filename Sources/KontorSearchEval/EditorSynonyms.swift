import KontorSearch

/// The synonym list an editor of a hosting help center would enter on the staff synonyms page.
///
/// Written once, before any figure was measured, from the vocabulary of the guides and of hosting support in
/// general (abbreviations, loanwords, the other languages' word for a product term); not tuned afterwards and not
/// fitted to individual queries. Only Kontor gets it: FTS5 and PostgreSQL have no synonym feature that an editor
/// could fill in without writing SQL (a thesaurus dictionary is a file on the database server).
enum EditorSynonyms {
    static let groups: [SynonymGroup] = [
        SynonymGroup([
            "2FA", "A2F", "doble autenticación", "autenticación doble", "verificación en dos pasos",
            "autenticación de dos factores", "two-factor authentication", "2-step verification",
            "double authentification", "authentification à deux facteurs",
        ]),
        SynonymGroup(["contraseña", "clave", "password", "mot de passe"]),
        SynonymGroup(["factura", "recibo", "invoice", "facture"]),
        SynonymGroup(["correo electrónico", "correo", "email", "e-mail", "mail", "courriel"]),
        SynonymGroup(["iniciar sesión", "log in", "login", "sign in", "se connecter", "connexion"]),
        SynonymGroup(["cerrar sesión", "log out", "logout", "sign out", "se déconnecter", "déconnexion"]),
        SynonymGroup(["token", "clave API", "API key", "jeton", "clé API"]),
        SynonymGroup(["organización", "organization", "organisation", "org", "empresa", "entreprise"]),
        SynonymGroup(["newsletter", "boletín", "boletín de noticias", "lettre d'information"]),
        SynonymGroup(["phishing", "suplantación de identidad", "hameçonnage", "correo fraudulento"]),
    ]
}
