import Foundation

/// What a temporary support access covers (seed guide "code support": access "a sus servicios"): the whole
/// organization, or one of its products.
public enum SupportAccessScope: Hashable, Sendable {
    case organization
    case product(UUID)

    public init(productID: UUID?) { self = productID.map(Self.product) ?? .organization }

    public var productID: UUID? { if case .product(let id) = self { id } else { nil } }

    /// Whether staff under this access may see the product `productID` of `productOrganization`, the access being
    /// for `grantOrganization`. Another organization's product is never covered.
    public func covers(product productID: UUID, of productOrganization: UUID, grantOrganization: UUID) -> Bool {
        guard productOrganization == grantOrganization else { return false }
        switch self {
        case .organization: return true
        case .product(let covered): return covered == productID
        }
    }

    /// Members, the organization's name and its list of products are the organization's, not one product's.
    public var coversOrganization: Bool { self == .organization }
}
