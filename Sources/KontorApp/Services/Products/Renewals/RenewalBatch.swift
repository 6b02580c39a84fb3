import Fluent
import Foundation
import KontorDomain
import SQLKit

/// The daily run's common case, set-based: products due for renewal whose invoice is simply issued (the organization
/// does not pay from its balance, the product is no kSuite with bundled products). Per chunk, one transaction in the
/// issuing queue, under the organizations' locks: the products read again, the quotes, the invoices through billing's
/// `issueMany`, the renewal rows, the new expiries, the confirmations — a few statements for 2,000 products instead
/// of ~25 each. What it writes is what `ProductRenewer` writes for one product (`RenewalBatchTests` compares them);
/// whatever it cannot renew as read (changed meanwhile, no price, refused by billing) it hands back for the run's
/// per-product path, which decides it as before. Killed halfway, a chunk leaves nothing; run twice, the renewal rows
/// (unique per product and expiry, checked under the locks) make the second find nothing.
struct RenewalBatch {
    let renewer: ProductRenewer
    let policy: RenewalPolicy
    let today: String
    let now: Date

    /// A product as the run's due list read it, and the renewal the rules decided for it then.
    struct Candidate: Sendable {
        let product: DueProduct
        let kind: RenewalKind
    }

    struct Outcome: Sendable {
        var renewed: [RenewalKind: Int] = [:]
        /// For the per-product path, which reads each again and decides on what it finds.
        var leftOver: [Candidate] = []
        /// Renewed for one period that still ended before today (the run missed days): the per-product path renews
        /// them on, period by period, until they cover today.
        var stillDue: [Candidate] = []
    }

    /// A renewal drafted in a chunk: the product as read under the locks, the renewal decided on it, from which
    /// expiry to which, in which language.
    struct Planned {
        let candidate: Candidate
        let product: ProductRow
        let kind: RenewalKind
        let start: String
        let end: String
        let renewsAt: Date
        let language: Language
    }

    /// Whether `product`'s renewal can go this way: the others' rules need one transaction each.
    static func takes(_ product: DueProduct, payingFromBalance: Set<UUID>) -> Bool {
        product.kind != .kSuite && !product.isBundledInSuite && !payingFromBalance.contains(product.organizationID)
    }

    /// The chunk waits for a running statement import outside the issuing queue, then takes the bulk lock inside it
    /// without waiting (`BulkBillingLock`): waiting in the queue would hold up every order, upgrade and staff invoice
    /// of this server until the import commits. Should another bulk job take the lock in between, it waits again.
    func renew(_ candidates: [Candidate]) async throws -> Outcome {
        let issuer = renewer.issuer
        while true {
            try await BulkBillingLock.waitUntilFree(on: issuer.db)
            let outcome: Outcome? = try await issuer.queued(for: nil) { try await issuer.db.transaction { db in
                guard try await BulkBillingLock.tryTake(on: db) else { return nil }
                try await db.waitForLocksUnbounded()
                return try await renew(candidates, on: db)
            } }
            if let outcome { return outcome }
            // A request holding it shared (a product moved, an account closed) ends within moments.
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private func renew(_ candidates: [Candidate], on db: any Database) async throws -> Outcome {
        var outcome = Outcome()
        let ids = candidates.map(\.product.id)
        let organizationIDs = Array(Set(candidates.map(\.product.organizationID)))
        try await db.lockForUpdate(Organization.self, ids: organizationIDs)
        // Read again under the locks: "renew now", an order or another server may have renewed or moved one meanwhile.
        let sql = db as! any SQLDatabase
        let current = try await ProductRow.current(ids, on: sql)
        struct Period: Hashable { let product: UUID; let start: String }
        var renewedFrom: Set<Period> = []
        for chunk in ids.chunked(500) {
            // Two columns, not whole models: a product renewed every year for ten years has ten rows here.
            let renewals = try await sql.select().column("product_id").column("period_start").from(ProductRenewal.schema)
                .where("product_id", .in, Array(chunk)).all()
            for renewal in renewals {
                renewedFrom.insert(Period(product: try renewal.decode(column: "product_id", as: UUID.self),
                                          start: try renewal.decode(column: "period_start", as: String.self)))
            }
        }
        var fresh: [(candidate: Candidate, product: ProductRow, kind: RenewalKind)] = []
        for candidate in candidates {
            let id = candidate.product.id
            guard let product = current[id], product.renewsAt == candidate.product.renewsAt,
                  product.statusRaw == candidate.product.statusRaw, product.organizationID == candidate.product.organizationID,
                  !renewedFrom.contains(Period(product: id, start: product.expiresOn)) else {
                outcome.leftOver.append(candidate)
                continue
            }
            // Decided again on what is stored now: automatic renewal switched off since the run read the product is off.
            guard case .renew(let kind) = RenewalRules.decide(product.renewalFacts, today: today, policy: policy) else {
                outcome.leftOver.append(candidate)
                continue
            }
            fresh.append((candidate, product, kind))
        }
        let quotes = try await RenewalPricing(db: db, config: renewer.issuer.config).quotes(for: fresh.map(\.product), on: today)
        let languages = try await Organization.documentLanguages(of: organizationIDs, default: renewer.defaultLanguage, on: db)

        var drafts: [InvoiceIssuer.Draft] = []
        var lines: [String: MailTemplate.Pieces] = [:]   // each line's wording rendered once per language and item
        var planned: [Planned] = []
        for (candidate, product, kind) in fresh {
            let quote = quotes[product.id]
            let item = BulkRenewalItem(state: product.status, offersRenewalWarranty: product.offersRenewalWarranty,
                                       suspensionReason: product.suspensionReason, hasPrice: quote != nil, isBundled: product.isBundledInSuite)
            let start = product.expiresOn
            guard BulkRenewalRules.refusal(.renewNow, for: item) == nil, let quote, let end = product.renewalEnd(of: quote.period, from: start),
                  let renewsAt = ProductService.day(end) else {
                outcome.leftOver.append(candidate)
                continue
            }
            let language = languages[product.organizationID] ?? renewer.defaultLanguage
            let lineKey = "\(language.rawValue)|\(quote.item.name)|\(quote.period.months)"
            let line = lines[lineKey] ?? MailTemplate.Pieces(renewer.lineDescription(item: quote.item.name, months: quote.period.months,
                                                                                     name: MailTemplate.marker(0), until: MailTemplate.marker(1), language))
            lines[lineKey] = line
            let until = DayFormatting.format(end, language)
            let description = InvoiceLineText.naming(product.name) { line.filled(with: [$0, until]) }
            drafts.append(renewer.draft(for: product, quote: quote, until: end, language: language, description: description))
            planned.append(Planned(candidate: candidate, product: product, kind: kind, start: start, end: end, renewsAt: renewsAt, language: language))
        }
        let issued = try await renewer.issuer.issueMany(drafts, now: now, on: db)
        var done: [(plan: Planned, invoice: IssuedInvoice)] = []
        for (index, plan) in planned.enumerated() {
            guard let invoice = issued.issued[index] else {
                outcome.leftOver.append(plan.candidate)   // billing refused it as drafted: the per-product path says why
                continue
            }
            done.append((plan, invoice))
            outcome.renewed[plan.kind, default: 0] += 1
            if plan.end <= today { outcome.stillDue.append(plan.candidate) }
        }
        guard !done.isEmpty else { return outcome }
        let renewed = done.map { Renewed($0.plan.product, $0.plan.start, $0.plan.end, $0.plan.kind, $0.plan.language, $0.invoice.number) }
        // The confirmations are composed while the renewals and expiries are written (Swift's work beside the
        // database's); only those whose notice record is new are queued.
        let recipients = try await Recipients(of: renewed.map(\.product.organizationID), on: db)
        let (renewer, notices) = (renewer, renewer.notices)
        async let confirmations = Self.confirmations(renewed, recipients, renewer: renewer, notices: notices)

        var renewals = BulkRows([.uuid, .uuid, .uuid, .text, .text, .text, .uuid])
        for (plan, invoice) in done {
            renewals.append([.uuid(TimeOrderedID.make()), .uuid(plan.product.id), .uuid(plan.product.organizationID), .text(plan.start), .text(plan.end),
                             .text(plan.kind.rawValue), .uuid(invoice.id)])
        }
        try await sql.raw("""
            INSERT INTO product_renewals (id, product_id, organization_id, period_start, period_end, kind, invoice_id, created_at)
            SELECT \(unsafeRaw: renewals.columns(on: sql)), \(bind: now) FROM \(renewals.source(on: sql))
            """).run()

        // The new expiries: one update per day they move to (a run's products mostly share one). A product already
        // active with no suspension (the usual automatic renewal) keeps its state columns out of the SET: SQLite
        // rewrites the entries of every index holding a column an UPDATE sets, whatever the value, and three of the
        // products' indexes hold the state.
        for (renewsAt, group) in Dictionary(grouping: done, by: \.plan.renewsAt) {
            let products = group.map(\.plan.product)
            let runsAsIs = { (product: ProductRow) in product.status == .active && product.suspensionReasonRaw == nil && product.suspendedByInvoiceID == nil }
            for (products, restoresState) in [(products.filter(runsAsIs), false), (products.filter { !runsAsIs($0) }, true)] {
                for chunk in products.map(\.id).chunked(500) {
                    var update = sql.update(Product.schema).set("renews_at", to: renewsAt)
                        .set("automatic_renewal_failed_on", to: Optional<String>.none).set("state_changed_at", to: now)
                    if restoresState {
                        update = update.set("status", to: ProductState.active.rawValue).set("suspension_reason", to: Optional<String>.none)
                            .set("suspended_by_invoice_id", to: Optional<UUID>.none)
                    }
                    try await update.where("id", .in, Array(chunk)).run()
                }
            }
        }
        let recorded = try await record(renewed, on: db)
        try await TemplatedMail.enqueue(await confirmations.filter { recorded.contains($0.productID) }.flatMap(\.messages), now: now, on: db)
        return outcome
    }

    typealias Renewed = (product: ProductRow, start: String, end: String, kind: RenewalKind, language: Language, invoice: String)

    /// Who the confirmations go to, and the organizations' names they carry.
    struct Recipients: Sendable {
        var people: [UUID: [InvoiceNotices.Recipient]]
        var names: [UUID: String] = [:]

        init(of organizationIDs: [UUID], on db: any Database) async throws {
            people = try await BillingRecipients.people(of: organizationIDs, on: db)
            for chunk in Array(Set(organizationIDs)).chunked(500) {
                for organization in try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).all() { names[try organization.requireID()] = organization.name }
            }
        }
    }

    /// Records each confirmation (unique per product and expiry); returns the products whose record is new, the ones
    /// whose e-mails are queued, as `RenewalNoticeMail.send` does for one.
    private func record(_ renewed: [Renewed], on db: any Database) async throws -> Set<UUID> {
        let sql = db as! any SQLDatabase
        var records = BulkRows([.uuid, .uuid, .text])
        for entry in renewed { records.append([.uuid(TimeOrderedID.make()), .uuid(entry.product.id), .text(entry.start)]) }
        struct Recorded: Decodable { let product_id: UUID }
        // `WHERE true`: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it as an upsert.
        return Set(try await sql.raw("""
            INSERT INTO renewal_notices (id, product_id, expires_on, kind, days_before, created_at)
            SELECT \(unsafeRaw: records.columns(on: sql)), \(bind: RenewalNotice.renewed.kind.rawValue), \(bind: 0), \(bind: now)
            FROM \(records.source(on: sql)) WHERE true
            ON CONFLICT (product_id, kind, expires_on, days_before) DO NOTHING RETURNING product_id
            """).all(decoding: Recorded.self).map(\.product_id))
    }

    /// Each renewal's confirmation e-mails as templates and values, as `RenewalNoticeMail.send` words them.
    private static func confirmations(_ renewed: [Renewed], _ recipients: Recipients, renewer: ProductRenewer,
                                      notices: RenewalNoticeMail) -> [(productID: UUID, messages: [TemplatedMail.Message])] {
        var templates = MailTemplateSet(names: RenewalNoticeMail.names)
        return renewed.map { entry in
            let organizationID = entry.product.organizationID
            var byLanguage: [Language: [String: String]] = [:]
            let messages = (recipients.people[organizationID] ?? []).map { recipient in
                // Each reader in her own language, as `RenewalNoticeMail.send` writes one.
                let language = recipient.language ?? entry.language
                let arguments = byLanguage[language] ?? notices.arguments(
                    .renewed, for: entry.product, expiresOn: entry.start, organization: recipients.names[organizationID] ?? "", language: language,
                    extra: renewer.confirmation(until: entry.end, invoice: entry.invoice, entry.kind, language))
                byLanguage[language] = arguments
                let values = templates.names.map { $0 == "name" ? recipient.name ?? "" : arguments[$0] ?? "" }
                return templates.message("\(language.rawValue)|renewed", to: recipient.email, values: values) { markers in
                    notices.compose(.renewed, language: language, arguments: markers)
                }
            }
            return (entry.product.id, messages)
        }
    }
}

