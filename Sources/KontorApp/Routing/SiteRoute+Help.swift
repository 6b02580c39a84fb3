import Foundation

extension SiteRoute {
    /// The console pages that help articles can link to as `console:<name>` and be "about" (front matter `contexts`).
    /// One table serves both, so a guide can only name a page that exists; `HelpContentTests` checks every link.
    static let helpPages: [(name: String, route: SiteRoute)] = [
        ("console", .console), ("profile", .profile), ("close-account", .closeAccount), ("sessions", .sessions), ("api-tokens", .apiTokens),
        ("organizations", .organizations), ("sign-in", .signIn), ("sign-up", .signUp),
        ("members", .organizationMembers(anyID)), ("settings", .organizationSettings(anyID)),
        ("invitation", .invitation(token: "")), ("security", .security), ("security-events", .securityEvents),
        ("security-phone", .securityPhone), ("sign-in-second-factor", .signInSecondFactor), ("sign-in-sms", .signInSMS),
        ("sign-in-backup-code", .signInBackupCode), ("identity-check", .identityCheck), ("forgot-password", .forgotPassword),
        ("newsletters", .newsletters), ("products", .organizationProducts(anyID)), ("product", .organizationProduct(anyID, product: anyID)),
        ("billing-addresses", .billingAddresses(anyID)), ("invoices", .invoices(anyID)), ("invoice", .invoice(anyID, invoice: anyID)),
        ("prepaid-account", .prepaidAccount(anyID)), ("site", .site(anyID, site: anyID)), ("order", .newOrder(anyID)), ("order-status", .order(anyID, order: anyID)),
        ("renewals", .renewals(anyID)),
    ]

    /// The route behind `console:<name>`: the page itself when it needs no identifier, `/console/go/<name>` for a
    /// page of one organization (it opens the reader's current organization's), nil for any other.
    static func consoleLink(named name: String) -> SiteRoute? {
        if organizationPages[name] != nil { return .consolePage(name) }
        return helpPages.first { $0.name == name && !$0.route.segments.contains(where: \.isParameter) }?.route
    }

    /// The pages of an organization a guide can send its reader to, without knowing which organization.
    static let organizationPages: [String: @Sendable (UUID) -> SiteRoute] = [
        "members": { .organizationMembers($0) }, "settings": { .organizationSettings($0) }, "products": { .organizationProducts($0) },
        "billing-addresses": { .billingAddresses($0) }, "invoices": { .invoices($0) }, "prepaid-account": { .prepaidAccount($0) },
        "order": { .newOrder($0) }, "renewals": { .renewals($0) },
    ]

    /// The help context of a registered route pattern such as `orgs/:orgID/members`.
    static func helpContext(forPattern pattern: String) -> String? { helpContextsByPattern[pattern] }

    private static let helpContextsByPattern: [String: String] = Dictionary(
        helpPages.map { ($0.route.pathComponents.map(\.description).joined(separator: "/"), $0.name) },
        uniquingKeysWith: { first, _ in first })
}

extension SiteRoute.Segment {
    var isParameter: Bool { if case .parameter = self { true } else { false } }
}
