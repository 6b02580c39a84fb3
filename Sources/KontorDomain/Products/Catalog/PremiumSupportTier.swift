/// The three Premium Support offers, from the lightest to the fullest.
public enum PremiumSupportTier: String, CaseIterable, Codable, Sendable {
    case plus, pro, enterprise
}
