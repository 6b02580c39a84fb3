/// What a customer asks for when ordering, checked against the item before anything is written: a period the
/// item is sold for, with a price in effect today in the chosen currency; Renewal Warranty only where it is
/// offered at order (never for NAS Synology, which takes it after purchase); and the product's name — the domain
/// itself for a domain name, the host for a certificate, otherwise the item's name unless the customer gives one.
public struct OrderRequest: Equatable, Sendable {
    public let period: BillingPeriod
    public let price: CatalogPrice
    public let renewalWarranty: Bool
    public let productName: String

    public struct Input: Sendable {
        public var period: String?
        public var currency: String?
        public var renewalWarranty: Bool
        public var name: String?

        public init(period: String?, currency: String?, renewalWarranty: Bool, name: String?) {
            self.period = period
            self.currency = currency
            self.renewalWarranty = renewalWarranty
            self.name = name
        }
    }

    public static func validate(_ input: Input, item: CatalogItemSpec, schedule: PriceSchedule, today: String) -> Result<OrderRequest, ValidationFailure> {
        var errors: [FieldError] = []
        let period = input.period.flatMap(BillingPeriod.init)
        if period == nil || !item.periods.contains(period!) {
            errors.append(FieldError(field: "period", messageKey: (input.period ?? "").isEmpty ? "error.required" : "error.order.period"))
        }
        let currency = input.currency.flatMap { Currency(code: $0.trimmingCharacters(in: .whitespaces).uppercased()) }
        var price: CatalogPrice?
        if currency == nil { errors.append(FieldError(field: "currency", messageKey: (input.currency ?? "").isEmpty ? "error.required" : "error.order.currency")) }
        else if let period {
            price = schedule.price(for: period, in: currency!, on: today)
            if price == nil { errors.append(FieldError(field: "currency", messageKey: "error.order.currency")) }
        }
        if input.renewalWarranty, !item.kind.offersRenewalWarrantyAtOrder {
            errors.append(FieldError(field: "renewalWarranty", messageKey: "error.products.renewal_warranty_unavailable"))
        }
        let given = (input.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var name = given.isEmpty ? item.name : given
        switch item.kind {
        case .domain:
            if given.isEmpty { errors.append(FieldError(field: "name", messageKey: "error.required")) }
            else if let ext = item.domainExtension, let normalized = DomainName.normalized(given, extension: ext) { name = normalized }
            else { errors.append(FieldError(field: "name", messageKey: "error.order.domain_name")) }
        case .sslCertificate:
            if given.isEmpty { errors.append(FieldError(field: "name", messageKey: "error.required")) }
            else if DomainName.isValidHost(given.lowercased()) { name = given.lowercased() }
            else { errors.append(FieldError(field: "name", messageKey: "error.order.host_name")) }
        default:
            if name.count > 200 { errors.append(FieldError(field: "name", messageKey: "error.too_long")) }
            else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                errors.append(FieldError(field: "name", messageKey: "error.catalog.name"))
            }
            // Printed on its invoices, as the issuer checks every line: told here on the field the customer typed.
            else if let invisible = TextCharacters.firstInvisible(in: name) {
                errors.append(FieldError(field: "name", messageKey: "error.invalid_characters", arguments: ["character": TextCharacters.codePoint(invisible)]))
            }
        }
        guard errors.isEmpty, let period, let price else { return .failure(ValidationFailure(errors)) }
        return .success(OrderRequest(period: period, price: price, renewalWarranty: input.renewalWarranty, productName: name))
    }
}
