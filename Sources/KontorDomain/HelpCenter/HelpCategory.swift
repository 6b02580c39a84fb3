/// The help center's top-level sections; the raw value is the stable slug stored in article files.
public enum HelpCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Creating an account, signing in, finding one's way around.
    case gettingStarted = "getting-started"
    /// Sign-in, passwords, two-factor authentication, profile and support identity.
    case accountSecurity = "account-security"
    /// Invoices, payments, renewals and billing addresses.
    case billingPayments = "billing-payments"
    /// Organizations, their members and who may leave them.
    case organizations = "organizations"
    /// Hosted products, sites, databases and offers.
    case productsSites = "products-sites"
}
