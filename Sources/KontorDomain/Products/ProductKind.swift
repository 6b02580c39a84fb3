/// What a customer can hold in an organization. The set follows the seed's guides: web hosting with its sites'
/// options ("Prefijo MySQL"), domains, mail, the kSuite bundle, a NAS — the one product Renewal Warranty is not
/// offered for ("excepto para el producto NAS Synology") — and Premium Support, which gives the organization its
/// VIP code ("code VIP") — and SSL certificates, sold beside hosting.
public enum ProductKind: String, CaseIterable, Codable, Sendable {
    case webHosting = "web_hosting"
    case domain
    case mailService = "mail_service"
    case kSuite = "ksuite"
    case nasSynology = "nas_synology"
    case premiumSupport = "premium_support"
    case sslCertificate = "ssl_certificate"

    /// Renewal Warranty ("Esta opción está disponible … excepto para el producto NAS Synology").
    /// Every product can have Renewal Warranty switched on after purchase.
    public var offersRenewalWarranty: Bool { true }
    /// When ordering, every product but the NAS Synology (the seed: "disponible al hacer el pedido (excepto para el
    /// producto NAS Synology) o después de la compra").
    public var offersRenewalWarrantyAtOrder: Bool { self != .nasSynology }

    /// Sites on a web hosting have the "MySQL prefix" option.
    public var hasMySQLPrefixOption: Bool { self == .webHosting }

    /// An organization holds at most one of these.
    public var isOnePerOrganization: Bool { self == .premiumSupport }

    /// Premium Support is taken for at least six months: no catalog period is shorter, and (issue 13 §2) it cannot
    /// be ended sooner.
    public var minimumCommitmentMonths: Int { self == .premiumSupport ? 6 : 1 }

    /// The order products are listed in: what a site needs first.
    public var listOrder: Int { Self.allCases.firstIndex(of: self)! }
}
