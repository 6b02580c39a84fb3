import Foundation
import KontorDomain

/// Where card and e-banking payments will plug in (Twint, PostFinance Checkout, Stripe …): a provider starts a
/// payment for an invoice or a top-up and later reports what happened. Deliberately no implementation yet — today
/// money arrives only through bank statements — but the seam fixes what any provider must give billing: an amount
/// in minor units, the invoice's own reference, and a provider-side id that makes its reports idempotent exactly as
/// the bank's transaction reference does for statements.
protocol PaymentProvider: Sendable {
    /// A short stable name stored with each payment (`twint`, `stripe`).
    var name: String { get }

    /// Starts paying `amount` for `reference` (an invoice's QRR/RF, or a top-up reference); returns where to send
    /// the customer and the provider's id for this attempt.
    func start(amount: Money, reference: PaymentReference, description: String, returnURL: URL) async throws -> (redirect: URL, providerID: String)

    /// What the provider says happened to an attempt; `settled` payments are then booked like a statement line, keyed
    /// by `name` + `providerID` so a repeated webhook changes nothing.
    func status(of providerID: String) async throws -> PaymentProviderStatus
}

enum PaymentProviderStatus: Sendable, Equatable {
    case pending
    case settled(Money)
    case failed(reason: String)
}
