/// What staff write for one item of the catalog, checked whole before anything is stored: the kind, a name
/// customers read, the billing periods it is sold for, the VAT rate by name (`standard`, `reduced`,
/// `accommodation`, `none`: the configured rates), and what the kind needs to be told apart — a domain's extension,
/// a kSuite plan's users and storage, a Premium Support tier.
public struct CatalogItemSpec: Equatable, Sendable {
    public var kind: ProductKind
    public var name: String
    public var periods: [BillingPeriod]
    public var vatRateName: String
    public var domainExtension: String?
    public var suiteUsers: Int?
    public var suiteStorageGB: Int?
    public var supportTier: PremiumSupportTier?

    public init(kind: ProductKind, name: String, periods: [BillingPeriod], vatRateName: String, domainExtension: String? = nil,
                suiteUsers: Int? = nil, suiteStorageGB: Int? = nil, supportTier: PremiumSupportTier? = nil) {
        self.kind = kind
        self.name = name
        self.periods = periods
        self.vatRateName = vatRateName
        self.domainExtension = domainExtension
        self.suiteUsers = suiteUsers
        self.suiteStorageGB = suiteStorageGB
        self.supportTier = supportTier
    }

    public static let vatRateNames = ["standard", "reduced", "accommodation", "none"]
    public static let suiteUsersRange = 1...10_000
    public static let suiteStorageRange = 1...1_000_000

    /// Raw form or JSON values; every problem is named by its field at once.
    public struct Input: Sendable {
        public var kind: String?
        public var name: String?
        public var periods: [String]
        public var vatRate: String?
        public var domainExtension: String?
        public var suiteUsers: String?
        public var suiteStorageGB: String?
        public var supportTier: String?

        public init(kind: String?, name: String?, periods: [String], vatRate: String?, domainExtension: String? = nil,
                    suiteUsers: String? = nil, suiteStorageGB: String? = nil, supportTier: String? = nil) {
            self.kind = kind
            self.name = name
            self.periods = periods
            self.vatRate = vatRate
            self.domainExtension = domainExtension
            self.suiteUsers = suiteUsers
            self.suiteStorageGB = suiteStorageGB
            self.supportTier = supportTier
        }
    }

    public static func validate(_ input: Input) -> Result<CatalogItemSpec, ValidationFailure> {
        var errors: [FieldError] = []
        let kind = input.kind.flatMap(ProductKind.init(rawValue:))
        if kind == nil { errors.append(FieldError(field: "kind", messageKey: blank(input.kind) ? "error.required" : "error.catalog.kind")) }
        let name = (input.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FieldError(field: "name", messageKey: "error.required")) }
        else if name.count > 120 { errors.append(FieldError(field: "name", messageKey: "error.too_long")) }
        else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(FieldError(field: "name", messageKey: "error.catalog.name"))
        }
        let periods = input.periods.filter { !blank($0) }.map { BillingPeriod($0) }
        if periods.isEmpty { errors.append(FieldError(field: "periods", messageKey: "error.catalog.periods_required")) }
        else if periods.contains(nil) { errors.append(FieldError(field: "periods", messageKey: "error.catalog.period")) }
        else if Set(periods).count != periods.count { errors.append(FieldError(field: "periods", messageKey: "error.catalog.period_repeated")) }
        else if let kind, periods.contains(where: { $0!.months < kind.minimumCommitmentMonths }) {
            errors.append(FieldError(field: "periods", messageKey: "error.catalog.minimum_commitment"))
        }
        let vat = (input.vatRate ?? "").trimmingCharacters(in: .whitespaces)
        if !vatRateNames.contains(vat) { errors.append(FieldError(field: "vatRate", messageKey: vat.isEmpty ? "error.required" : "error.catalog.vat_rate")) }

        var spec = CatalogItemSpec(kind: kind ?? .domain, name: name, periods: periods.compactMap { $0 }.sorted(), vatRateName: vat)
        switch kind {
        case .domain:
            let text = (input.domainExtension ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let bare = text.hasPrefix(".") ? String(text.dropFirst()) : text
            if bare.isEmpty { errors.append(FieldError(field: "domainExtension", messageKey: "error.required")) }
            else if !DomainName.isValidExtension(bare) { errors.append(FieldError(field: "domainExtension", messageKey: "error.catalog.domain_extension")) }
            else { spec.domainExtension = bare }
        case .kSuite:
            spec.suiteUsers = number(input.suiteUsers, field: "suiteUsers", in: suiteUsersRange, &errors)
            spec.suiteStorageGB = number(input.suiteStorageGB, field: "suiteStorageGB", in: suiteStorageRange, &errors)
        case .premiumSupport:
            let tier = input.supportTier.flatMap(PremiumSupportTier.init(rawValue:))
            if tier == nil { errors.append(FieldError(field: "supportTier", messageKey: blank(input.supportTier) ? "error.required" : "error.catalog.support_tier")) }
            spec.supportTier = tier
        default:
            break
        }
        if kind != .domain, !blank(input.domainExtension) { errors.append(FieldError(field: "domainExtension", messageKey: "error.catalog.not_for_kind")) }
        if kind != .kSuite, !blank(input.suiteUsers) || !blank(input.suiteStorageGB) {
            errors.append(FieldError(field: blank(input.suiteUsers) ? "suiteStorageGB" : "suiteUsers", messageKey: "error.catalog.not_for_kind"))
        }
        if kind != .premiumSupport, !blank(input.supportTier) { errors.append(FieldError(field: "supportTier", messageKey: "error.catalog.not_for_kind")) }
        return errors.isEmpty ? .success(spec) : .failure(ValidationFailure(errors))
    }

    private static func blank(_ text: String?) -> Bool { (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty }

    /// A whole number in `range` typed as text, or the field's problem (required, or out of range) added to `errors`.
    public static func number(_ text: String?, field: String, in range: ClosedRange<Int>, _ errors: inout [FieldError]) -> Int? {
        guard !blank(text) else {
            errors.append(FieldError(field: field, messageKey: "error.required"))
            return nil
        }
        guard let value = Int(text!.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            errors.append(FieldError(field: field, messageKey: "error.catalog.out_of_range"))
            return nil
        }
        return value
    }
}
