import Fluent
import Foundation
import KontorDomain
import Vapor

/// Renews one product for one period, for the daily run and for "renew now" alike: in one transaction under the
/// organization's lock, records the renewal (unique per product and the expiry it renews from), issues its invoice
/// through billing's one entry point (`InvoiceIssuer`, which pays it from the balance where the customer chose
/// that), extends the product and queues the confirmation. Killed halfway, nothing of it remains; run twice, the
/// second finds the renewal recorded.
struct ProductRenewer {
    let issuer: InvoiceIssuer
    let localizer: Localizer
    let notices: RenewalNoticeMail
    let defaultLanguage: Language

    enum Outcome: Equatable, Sendable {
        case renewed(invoiceID: UUID, until: String)
        /// Renewed already for this expiry, or by this request key.
        case alreadyRenewed
        /// Automatic renewal for an organization paying from its balance, which did not cover the invoice: nothing
        /// was issued (`automatic_renewal_failed_on` is set for the warranty or grace to follow).
        case automaticRenewalUnpaid
        /// The run's renewal no longer applies to the product as stored under the lock: automatic renewal or Renewal
        /// Warranty switched off, or its state changed, since the run read it. Nothing was issued; the run decides again.
        case notDue
        case refused(BulkRenewalRefusal)
    }

    /// Thrown inside the transaction to roll back an automatic renewal the balance could not pay.
    private struct Unpaid: Error {}

    /// `policy`: the run's rules, for its automatic and warranty renewals, which are decided again on the product as
    /// stored under the lock (a customer may switch either off while the run goes through its list). `organizationID`:
    /// the product's organization as the caller read it, whose lock the renewal waits for before queueing
    /// (`InvoiceIssuer.queued(for:)`); the product's own is checked under the lock.
    func renew(_ productID: UUID, of organizationID: UUID, kind: RenewalKind, requestKey: String? = nil, expectedExpiry: String? = nil,
               decidedBy policy: RenewalPolicy? = nil, today: String, now: Date) async throws -> Outcome {
        let db = issuer.db
        do {
            return try await issuer.queued(for: organizationID) { try await db.transaction { db in
                try await renew(productID, kind: kind, requestKey: requestKey, expectedExpiry: expectedExpiry, policy: policy, today: today, now: now,
                                on: db)
            } }
        } catch is Unpaid {
            // Recorded and announced together: the customer learns the balance fell short (once per expiry), and what
            // follows (the warranty's invoice, or grace) comes with its own e-mail.
            try await db.transaction { db in
                guard let product = try await Product.find(productID, on: db) else { throw AppError.notFound }
                try await Product.query(on: db).filter(\.$id == productID).filter(\.$renewsAt == product.renewsAt)
                    .set(\.$automaticRenewalFailedOn, to: product.expiresOn).update()
                try await notices.send(RenewalNotice(kind: .automaticRenewalFailed, daysBefore: 0), for: product, expiresOn: product.expiresOn,
                                       now: now, on: db)
            }
            return .automaticRenewalUnpaid
        } catch where ConcurrentChange(error) == .conflict {
            // Another server recorded this product's renewal for the same expiry at the same moment (the unique index).
            return .alreadyRenewed
        }
    }

    private func renew(_ productID: UUID, kind: RenewalKind, requestKey: String?, expectedExpiry: String?, policy: RenewalPolicy?, today: String,
                       now: Date, on db: any Database) async throws -> Outcome {
        guard let first = try await Product.find(productID, on: db) else { throw AppError.notFound }
        let organizationID = first.$organization.id
        try await db.lockForUpdate(Organization.self, id: organizationID)
        // Read again under the lock: a click or a server that went first has moved the expiry on.
        guard let product = try await Product.find(productID, on: db), let organization = try await Organization.find(organizationID, on: db) else {
            throw AppError.notFound
        }
        if let requestKey,
           try await ProductRenewal.query(on: db).filter(\.$productID == productID).filter(\.$requestKey == requestKey).count() > 0 {
            return .alreadyRenewed
        }
        let start = product.expiresOn
        if let expectedExpiry, expectedExpiry != start { return .alreadyRenewed }
        if try await ProductRenewal.query(on: db).filter(\.$productID == productID).filter(\.$periodStart == start).count() > 0 {
            return .alreadyRenewed
        }
        if let policy, RenewalRules.decide(product.renewalFacts, today: today, policy: policy) != .renew(kind) { return .notDue }
        let pricing = RenewalPricing(db: db, config: issuer.config)
        let quote = try await pricing.quote(for: product, on: today)
        let item = BulkRenewalItem(state: product.status, offersRenewalWarranty: product.offersRenewalWarranty,
                                   suspensionReason: product.suspensionReason, hasPrice: quote != nil, isBundled: product.isBundledInSuite)
        if let refusal = BulkRenewalRules.refusal(.renewNow, for: item) { return .refused(refusal) }
        guard let quote, let end = product.renewalEnd(of: quote.period, from: start), let renewsAt = ProductService.day(end) else { return .refused(.noPrice) }
        // "Renew now" pays at most one period ahead of the one running: from a product whose paid time already
        // reaches beyond a period from today (a click in another tab went first, or clicks repeated), it renews nothing.
        if kind == .manual, let horizon = quote.period.end(startingOn: today), start > horizon { return .refused(.renewedAhead) }

        let renewal = ProductRenewal()
        renewal.productID = productID
        renewal.organizationID = organizationID
        renewal.periodStart = start
        renewal.periodEnd = end
        renewal.kindRaw = kind.rawValue
        renewal.requestKey = requestKey
        renewal.createdAt = now
        try await renewal.create(on: db)

        let language = try await Organization.documentLanguage(of: organizationID, default: defaultLanguage, on: db)
        let invoice = try await issuer.issue(draft(for: try product.row, quote: quote, until: end, language: language), now: now, on: db)
        if kind == .automatic, organization.payFromBalance, invoice.openMinor > 0 { throw Unpaid() }

        renewal.invoiceID = try invoice.requireID()
        try await renewal.save(on: db)
        product.renewsAt = renewsAt
        product.statusRaw = ProductState.active.rawValue
        product.suspensionReasonRaw = nil
        product.suspendedByInvoiceID = nil
        product.automaticRenewalFailedOn = nil
        product.stateChangedAt = now
        try await product.save(on: db)
        try await BundledProducts.follow(product, on: db)
        try await notices.send(.renewed, for: product, expiresOn: start, extra: { confirmation(until: end, invoice: invoice.number, kind, $0) },
                               now: now, on: db)
        return .renewed(invoiceID: try invoice.requireID(), until: end)
    }
}

extension ProductRenewer {
    /// The renewal's invoice: one line naming the product, the period and the new expiry, in the document's language.
    func draft(for product: ProductRow, quote: RenewalPricing.Quote, until end: String, language: Language,
               description: String? = nil) -> InvoiceIssuer.Draft {
        let description = description ?? lineDescription(item: quote.item.name, months: quote.period.months, name: product.name,
                                                         until: DayFormatting.format(end, language), language)
        return InvoiceIssuer.Draft(organizationID: product.organizationID, currency: quote.amount.currency,
                                   lines: [.init(description: description, quantity: 1, unitPrice: quote.amount, vatRate: quote.vatRate,
                                                 productID: product.id)],
                                   billingAddressID: product.billingAddressID, language: language)
    }

    /// The line's text; `until` is the new expiry as the language writes it. The run renders it once per language and
    /// item with markers for the name and day (`RenewalBatch`), so this is the one place that words it.
    func lineDescription(item: String, months: Int, name: String, until: String, _ language: Language) -> String {
        let period = localizer.text("catalog.period", language, ["count": String(months)])
        return InvoiceLineText.naming(name) {
            localizer.text("renewals.invoice_line", language, ["item": item, "name": $0, "period": period, "until": until])
        }
    }

    /// What the confirmation adds to a renewal e-mail: the new expiry, the invoice and how it was renewed.
    func confirmation(until end: String, invoice number: String, _ kind: RenewalKind, _ language: Language) -> [String: String] {
        ["until": DayFormatting.format(end, language), "number": number, "how": localizer.text("renewals.kind.\(kind.rawValue)", language, [:])]
    }
}

extension RenewalNotice {
    /// The confirmation after a renewal.
    static let renewed = RenewalNotice(kind: .renewed, daysBefore: 0)
}

extension Application {
    /// The renewer with this application's issuer, texts and language.
    var productRenewer: ProductRenewer {
        ProductRenewer(issuer: invoiceIssuer, localizer: kontor.localizer, notices: renewalNoticeMail, defaultLanguage: kontor.config.defaultLanguage)
    }

    var renewalNoticeMail: RenewalNoticeMail {
        RenewalNoticeMail(composer: mailComposer, localizer: kontor.localizer, defaultLanguage: kontor.config.defaultLanguage)
    }
}
