/// A kSuite plan: how many people may hold a seat and how much storage it has (seed guide "modificar la oferta
/// kSuite": "aumentar el número de usuarios y el tamaño del espacio de disco").
public struct SuitePlan: Equatable, Sendable, Codable {
    public let users: Int
    public let storageGB: Int

    public init(users: Int, storageGB: Int) {
        self.users = users
        self.storageGB = storageGB
    }

    /// What changing from this plan to `target` is.
    public func change(to target: SuitePlan) -> SuitePlanChange {
        if target == self { return .same }
        if target.users < users || target.storageGB < storageGB { return .downgrade }
        return .upgrade
    }

    /// Whether one more seat fits beside `taken` seats.
    public func hasFreeSeat(taken: Int) -> Bool { taken < users }
}

/// "Se puede modificar a una oferta superior en cualquier momento … No es posible cambiar más tarde a una tarifa
/// inferior": an upgrade grows users or storage and shrinks neither; anything smaller in either is a downgrade.
public enum SuitePlanChange: Equatable, Sendable {
    case upgrade, same, downgrade
}

/// "Los productos incluidos en kSuite no pueden ser movidos o cancelados independientemente" and "No es posible …
/// transferir kSuite a otra Organización": what may be moved to another organization.
public enum ProductMoveRule {
    public enum Refusal: String, Error, Sendable {
        case suite = "error.products.move_suite"
        case bundled = "error.products.move_bundled"
        case sameOrganization = "error.products.move_same_organization"
    }

    /// Nil when the product may move; `isBundled` is a product that came with a kSuite (its mail service, its storage).
    public static func refusal(kind: ProductKind?, isBundled: Bool, from source: String, to target: String) -> Refusal? {
        if kind == .kSuite { return .suite }
        if isBundled { return .bundled }
        if source == target { return .sameOrganization }
        return nil
    }
}
