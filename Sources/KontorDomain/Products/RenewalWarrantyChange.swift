/// Switching Renewal Warranty on or off for several products at once (seed guide: "Todos los productos a la vez").
/// Products that do not offer it are left out and reported, never silently changed.
public struct RenewalWarrantyChange<ID: Hashable & Sendable>: Sendable {
    public struct Item: Sendable {
        public let id: ID
        /// Whether this product takes Renewal Warranty at all (not a NAS, not bundled in a kSuite).
        public let offered: Bool
        public let enabled: Bool
        public init(id: ID, offered: Bool, enabled: Bool) {
            self.id = id
            self.offered = offered
            self.enabled = enabled
        }
        /// By kind alone; nil for a kind this version does not know, which offers nothing.
        public init(id: ID, kind: ProductKind?, enabled: Bool) {
            self.init(id: id, offered: kind?.offersRenewalWarranty == true, enabled: enabled)
        }
    }

    /// The products to change.
    public let toChange: [ID]
    /// Already as asked.
    public let unchanged: [ID]
    /// Renewal Warranty is not offered for these.
    public let unavailable: [ID]

    public init(_ items: [Item], enable: Bool) {
        var change: [ID] = [], same: [ID] = [], unavailable: [ID] = []
        for item in items {
            if !item.offered { unavailable.append(item.id) }
            else if item.enabled == enable { same.append(item.id) }
            else { change.append(item.id) }
        }
        toChange = change
        unchanged = same
        self.unavailable = unavailable
    }
}
