/// Switching Renewal Warranty on or off for several products at once (seed guide: "Todos los productos a la vez").
/// Products that do not offer it are left out and reported, never silently changed.
public struct RenewalWarrantyChange<ID: Hashable & Sendable>: Sendable {
    public struct Item: Sendable {
        public let id: ID
        /// nil for a kind this version does not know, which offers nothing.
        public let kind: ProductKind?
        public let enabled: Bool
        /// Part of a kSuite: it renews under the suite's warranty, so it has none of its own to switch.
        public let isBundled: Bool
        public init(id: ID, kind: ProductKind?, enabled: Bool, isBundled: Bool = false) {
            self.id = id
            self.kind = kind
            self.enabled = enabled
            self.isBundled = isBundled
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
            if item.isBundled || item.kind?.offersRenewalWarranty != true { unavailable.append(item.id) }
            else if item.enabled == enable { same.append(item.id) }
            else { change.append(item.id) }
        }
        toChange = change
        unchanged = same
        self.unavailable = unavailable
    }
}
