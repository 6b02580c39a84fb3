/// The help center's vocabulary: which words place a guide in a category, on a console page, or under a tag.
///
/// These lists describe the console and its products, not any one page, so they classify new guides too.
enum HelpTaxonomy {
    /// Terms of each category, in Spanish, the seed's language.
    static let categoryTerms: [(HelpCategory, [String])] = [
        (.accountSecurity, [
            "seguridad", "contraseña", "autenticación", "2fa", "a2f", "verificación en dos pasos", "código de soporte",
            "code support", "perfil", "cuenta de usuario", "recuperación", "recuperar", "newsletter", "newsletters",
            "noticias", "suscripción", "identificar", "identificación", "inicio de sesión",
        ]),
        (.billingPayments, [
            "factura", "facturas", "facturación", "facturados", "pago", "pagos", "pagar", "recordatorio de pago",
            "prepagada", "renovación", "renovaciones", "renovar", "renovará", "divisa", "moneda", "mandato",
        ]),
        (.organizations, [
            "organización", "organizaciones", "miembro", "miembros", "invitación", "invitado", "propietario",
            "responsable legal", "pertenencia",
        ]),
        (.productsSites, [
            "producto", "productos", "sitio", "sitios", "sitio web", "alojamiento", "mysql", "php", "base de datos",
            "bases de datos", "cms", "oferta", "servidor", "dominio",
        ]),
    ]

    /// Terms of each console page that offers contextual help.
    static let contextTerms: [(String, [String])] = [
        ("profile", ["perfil", "código de soporte", "code support", "newsletter", "newsletters", "idioma"]),
        ("security", [
            "seguridad", "contraseña", "autenticación", "2fa", "a2f", "verificación en dos pasos", "recuperación",
            "códigos de respaldo",
        ]),
        ("sessions", ["sesiones", "sesión activa", "cerrar sesión", "dispositivos conectados"]),
        ("organizations", ["organización", "organizaciones"]),
        ("members", ["miembro", "miembros", "invitar", "invitaciones"]),
        ("console", ["consola", "panel de control"]),
        ("api-tokens", ["api", "token", "tokens"]),
        // The console's billing pages, each by its own name (`SiteRoute.helpPages`): a context no page has shows the
        // guide in no help window and makes its export refused by `help-import`.
        ("invoices", ["factura", "facturas", "facturación", "pago", "pagos", "recordatorio de pago"]),
        ("prepaid-account", ["prepagada", "prepago", "saldo"]),
        ("billing-addresses", ["dirección de facturación", "direcciones de facturación"]),
        ("renewals", ["renovación", "renovaciones", "renewal warranty"]),
        ("products", ["producto", "productos", "sitio", "sitios", "oferta", "mysql", "alojamiento"]),
    ]

    /// Canonical tags and the words that mean them.
    static let tagTerms: [(String, [String])] = [
        ("2fa", ["2fa", "a2f", "autenticación doble", "autenticación de dos factores", "verificación en dos pasos"]),
        ("soporte", ["soporte", "support"]),
        ("recordatorio", ["recordatorio", "recordatorios"]),
        ("pago", ["pago", "pagos", "pagar"]),
        ("dirección de facturación", ["dirección de facturación", "direcciones de facturación"]),
        ("facturación", ["factura", "facturas", "facturación", "facturados"]),
        ("renovación", ["renovación", "renovaciones", "renovar", "renewal"]),
        ("organización", ["organización", "organizaciones"]),
        ("responsable legal", ["responsable legal", "propietario"]),
        ("correo electrónico", ["correo electrónico", "e-mail"]),
        ("recuperación", ["recuperación", "recuperar"]),
        ("contraseña", ["contraseña", "contraseñas"]),
        ("seguridad", ["seguridad"]),
        ("perfil", ["perfil"]),
        ("newsletter", ["newsletter", "newsletters", "noticias"]),
        ("suscripción", ["suscripción", "suscribirse", "darse de baja"]),
        ("base de datos", ["base de datos", "bases de datos"]),
        ("sitio", ["sitio", "sitios", "sitio web"]),
        ("oferta", ["oferta", "ofertas", "tarifa"]),
        ("phishing", ["phishing"]),
    ]

    /// The tag-vocabulary topics a guide is really about: named in its title or summary, or twice in its body.
    /// Related guides must share one; a single passing mention ("una antigua oferta") is not enough.
    static func keywords(for text: TopicText) -> Set<String> {
        Set(tagTerms.filter { text.score($0.1) >= 2 }.map(\.0))
    }

    /// A context must score at least this much: a title mention, or a summary mention backed by the body.
    static let contextThreshold = 4
    /// Guides get at most this many tags, so that each one still means something.
    static let maximumTags = 5
    /// Below this many tags from the title and summary, the body's most frequent terms fill in.
    static let minimumTags = 3

    /// The best-scoring category; the first listed wins a tie.
    static func category(for text: TopicText) -> HelpCategory {
        let scores = categoryTerms.map { ($0.0, text.score($0.1)) }
        // `max` would return the last of equal maxima; the first listed category should win a tie.
        return scores.reduce(scores[0]) { $1.1 > $0.1 ? $1 : $0 }.0
    }

    /// The console pages whose help should list the guide, strongest first.
    static func contexts(for text: TopicText) -> [String] {
        contextTerms.map { ($0.0, text.score($0.1)) }.filter { $0.1 >= contextThreshold }
            .sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// Tags from the title and summary in reading order: vocabulary terms and the guide's own names (e.g.
    /// "mysql") together; then, if still few, the body's most frequent terms.
    static func tags(for text: TopicText, names: [String]) -> [String] {
        let terms = tagTerms.compactMap { tag, terms -> (String, Int)? in
            let positions = terms.compactMap { text.firstPosition(of: TextFolding.words($0)) }
            return positions.min().map { (tag, $0) }
        }
        // A name that is also a vocabulary word ("Newsletters") is already there under its canonical tag.
        let covered = Set(tagTerms.filter { tag in terms.contains { $0.0 == tag.0 } }.flatMap(\.1).map(TextFolding.fold))
        let ownNames = names.filter { !covered.contains(TextFolding.fold($0)) && !terms.map(\.0).contains($0) }
            .map { ($0, text.firstPosition(of: TextFolding.words($0)) ?? Int.max) }
        var tags = (terms + ownNames).enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }
            .map(\.element.0)
        if tags.count < minimumTags {
            let fromBody = tagTerms.filter { !tags.contains($0.0) }
                .map { tag, terms in (tag, terms.reduce(0) { $0 + TopicText.count(TextFolding.words($1), in: text.body) }) }
                .filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.map(\.0)
            tags += fromBody.prefix(minimumTags - tags.count)
        }
        return Array(tags.prefix(maximumTags))
    }
}
