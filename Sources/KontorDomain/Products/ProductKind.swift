/// What a customer can hold in an organization. The set follows the seed's guides: web hosting with its sites'
/// options ("Prefijo MySQL"), domains, mail, the kSuite bundle, and a NAS — the one product Renewal Warranty is not
/// offered for ("excepto para el producto NAS Synology").
public enum ProductKind: String, CaseIterable, Codable, Sendable {
    case webHosting = "web_hosting"
    case domain
    case mailService = "mail_service"
    case kSuite = "ksuite"
    case nasSynology = "nas_synology"

    /// Renewal Warranty ("Esta opción está disponible … excepto para el producto NAS Synology").
    public var offersRenewalWarranty: Bool { self != .nasSynology }

    /// Sites on a web hosting have the "MySQL prefix" option.
    public var hasMySQLPrefixOption: Bool { self == .webHosting }

    /// The order products are listed in: what a site needs first.
    public var listOrder: Int { Self.allCases.firstIndex(of: self)! }
}
