import Fluent
import Foundation
import KontorDomain
import SQLKit

/// The daily payment-reminder run (`kontor billing remind`, and in-process under the `payment_reminders` lease).
///
/// A reminder must never cross a payment (payments.md): nothing is sent while the imported bank statements reach
/// back further than `statementMaxAgeDays` (by the files' own dates, `StatementFreshness`: re-importing an old file
/// does not count); an organization that received money into its prepaid account with the newest statements, or an invoice whose exact open amount arrived unidentified, is skipped.
///
/// The prepaid balance is subtracted first (payments.md), set against the overdue invoices of its currency oldest
/// first: an invoice the balance covers is paid from it where the customer chose that; otherwise it takes no step (no
/// reminder, no fee, no suspension) and the customer is told once that the balance covers it and how to pay from it
/// in the console. A reminder for an invoice the balance covers in part states the balance and what is still due.
///
/// Steps follow `DunningLadder.next`: one step per run, never one skipped. A reminder fee's own invoice is never
/// charged a fee and stops at reminder 2: a fee alone never suspends services. Each step is recorded once per invoice
/// (unique), and its e-mail is queued in the same transaction, so a second run on the same day sends nothing.
///
/// The suspension step is taken one organization at a time under its lock (`takeSuspensionSteps`). The invoice of an
/// order still awaiting payment is reminded like any other, without a fee, but its last step cancels the order (a
/// credit note, the product that never started deleted: `OrderService.cancelUnpaid`) instead of suspending the
/// customer's running services, as WHMCS and FOSSBilling end an unpaid order.
struct ReminderRun {
    let db: any Database
    let config: BillingConfiguration
    let mail: ReminderMail
    let suspension: any SuspensionHook
    let today: String
    let now: Date
    /// The language of an order-cancellation credit note whose invoice names none (every invoice does; the provider's).
    var defaultLanguage: Language = .en
    /// Called with the invoices a write is about to be made for, once the run read them and before the write's
    /// transaction (the balance notices, then each ladder chunk): where a test pays one, or credits a balance, between
    /// the run's read and its writes, as an import or a credit note committing meanwhile would.
    var afterReading: @Sendable ([UUID]) async throws -> Void = { _ in }

    struct Report: Sendable, Equatable {
        /// Set when the run did not remind at all because the statements do not reach recently enough.
        var pausedForStaleStatements = false
        /// The latest day the imported statements report payments up to (nil: none imported, or none tells a day).
        var paymentsCountedUntil: String?
        /// Overdue invoices not reminded because their currency's statements are not recent (or none was imported),
        /// and those currencies, while another currency's are.
        var heldForStaleStatements = 0
        var staleCurrencies: Set<String> = []
        /// Overdue invoices not reminded because a camt.053 collective booking of their currency waits for its details
        /// (`BankPayment.awaitingDetailsFlag`): a payment of theirs may be inside it. And those currencies.
        var heldForBookingsAwaitingDetails = 0
        var awaitingDetailsCurrencies: Set<String> = []
        /// Overdue invoices not reminded because the bank announced a payment of theirs, not booked yet (`PDNG`): by
        /// their reference, or by their exact amount where the announcement names none.
        var heldForPendingPayments = 0
        /// Overdue invoices not reminded because a statement of their currency's account is missing: the bank numbered
        /// it, a later one arrived, it did not (`StatementNumbers`). And those currencies.
        var heldForMissingStatements = 0
        var missingStatementCurrencies: Set<String> = []
        var considered = 0
        var sent: [DunningLadder.Step: Int] = [:]
        var paidFromBalance = 0
        /// Overdue invoices the prepaid balance covers: no step taken (the customer is told once, `balanceNotices`).
        var coveredByBalance = 0
        var balanceNotices = 0
        var skippedForRecentMoney = 0
        /// Suspension steps taken (invoices, not products).
        var suspended = 0
        /// Orders cancelled because their invoice reached the suspension step unpaid.
        var ordersCancelled = 0
    }

    /// An open overdue invoice with what its reminder says (all fixed at issue except the open amount), read in
    /// one query: loading 100,000 Fluent models for the mail alone took seconds.
    struct Candidate: Decodable {
        let id: UUID
        let organization_id: UUID
        let currency: String
        var open_minor: Int64
        let due_on: String
        let number: String
        let customer_number: Int64
        let language: String
        let issued_on: String
        let reference: String?
        let invoice_email: String?
        /// Set on a reminder fee's invoice (`M070MarkReminderFeeInvoices`).
        let fee_for_invoice_id: UUID?
        let balance_notice_on: String?

        var facts: ReminderMail.InvoiceFacts {
            ReminderMail.InvoiceFacts(id: id, number: number, customerNumber: customer_number, language: Language(rawValue: language) ?? .en,
                                      open: Money(minorUnits: open_minor, currency: Currency(code: currency) ?? .chf), issuedOn: issued_on,
                                      dueOn: due_on, reference: reference)
        }
    }

    /// Runs the ladder. Its decisions (recent money, balances) are read before its chunks; a chunk finding, under the
    /// bulk lock, that a statement was imported or a waiting payment assigned since, writes nothing and the run decides
    /// again from what is there now: a reminder read before an import must not go out after it (bank probe round 3).
    func run(progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        var report = Report()
        for pass in 1...Self.maximumPasses {
            report.considered = 0; report.coveredByBalance = 0; report.skippedForRecentMoney = 0
            report.heldForStaleStatements = 0; report.staleCurrencies = []
            report.heldForBookingsAwaitingDetails = 0; report.awaitingDetailsCurrencies = []; report.heldForPendingPayments = 0
            report.heldForMissingStatements = 0; report.missingStatementCurrencies = []
            do {
                try await decideAndRemind(&report, checkingMoney: pass < Self.maximumPasses, progress: progress)
                return report
            } catch is MoneyMoved {
                continue
            }
        }
        return report
    }

    /// Passes decided again when money keeps arriving; the last one goes through (imports are a few a day).
    static let maximumPasses = 4

    /// Thrown inside a chunk's transaction (rolling it back) when the money the run decided from changed.
    private struct MoneyMoved: Error {}

    /// What the run's decisions were read from, in three cheap numbers: statements imported, payments waiting for staff,
    /// and money put on prepaid balances. The last: a credit note (or a staff credit) committed while a run was under
    /// way covered an invoice that the next chunk still reminded, with a fee (bank probe round 6). Ledger entries are
    /// never changed or deleted, so their count only grows; only credits are counted, because the run itself writes
    /// debits (paying from the balance) and must not take its own payments for money that moved.
    private struct MoneyState: Decodable, Equatable { let imports: Int64; let waiting: Int64; let credits: Int64 }

    private func moneyState(_ sql: any SQLDatabase) async throws -> MoneyState {
        try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM bank_statement_imports) AS imports,
                   (SELECT COUNT(*) FROM bank_payments WHERE outcome IN ('unidentified', 'flagged') AND assignment IS NULL) AS waiting,
                   (SELECT COUNT(*) FROM prepaid_entries WHERE amount_minor > 0) AS credits
            """).first(decoding: MoneyState.self) ?? MoneyState(imports: 0, waiting: 0, credits: 0)
    }

    private func decideAndRemind(_ report: inout Report, checkingMoney: Bool, progress: @Sendable (Int, Int) -> Void) async throws {
        let sql = db as! any SQLDatabase
        let money = try await moneyState(sql)
        /// Under the bulk lock: the money is what the decisions were read from, or this chunk writes nothing.
        let checkMoney = { @Sendable (db: any Database) async throws in
            if checkingMoney, try await moneyState(db as! any SQLDatabase) != money { throw MoneyMoved() }
        }
        let reach = try await StatementFreshness.reach(on: db)
        report.paymentsCountedUntil = reach.latest
        guard let latest = reach.latest, config.days(from: latest, to: today) <= config.statementMaxAgeDays else {
            report.pausedForStaleStatements = true
            return
        }

        let firstDay = config.ladder.days[.reminder1]!
        let candidates = try await sql.select().columns("id", "organization_id", "currency", "open_minor", "due_on", "number", "customer_number", "language",
                                                    "issued_on", "reference", "invoice_email", "fee_for_invoice_id", "balance_notice_on").from("invoices")
            .where("series", .equal, DocumentSeries.invoice.rawValue).where("open_minor", .greaterThan, Int64(0))
            .where("due_on", .lessThanOrEqual, config.day(today, plus: -firstDay)).orderBy("due_on").orderBy("id")
            .all(decoding: Candidate.self)
        report.considered = candidates.count
        guard !candidates.isEmpty else { return }
        /// The day payments in each currency are counted up to, for the currencies whose statements are recent enough
        /// to remind.
        let countedUntil: [String: String] = Dictionary(uniqueKeysWithValues: Set(candidates.map(\.currency)).compactMap { currency in
            reach.until(currency).flatMap { config.days(from: $0, to: today) <= config.statementMaxAgeDays ? (currency, $0) : nil }
        })

        let awaitingDetails = try await currenciesAwaitingDetails(sql)
        let missingStatements = try await StatementNumbers(db: db).holdingCurrencies()
        let pending = try await pendingPayments(sql)
        let taken = try await takenSteps(sql)
        let (recentCredits, unidentifiedAmounts, waitingReferences) = try await recentMoney(sql, paymentsCountedUntil: Set(countedUntil.values))
        let autoPaying = try await Organization.payingFromBalance(among: candidates.map(\.organization_id), on: db)
        var balances = try await prepaidBalances(sql)

        var due: [Due] = []
        var balanceNotices: [(Candidate, Money)] = []
        for candidate in candidates {
            // A currency whose statements are not recent is not reminded: its payments may have arrived unseen.
            guard countedUntil[candidate.currency] != nil else {
                report.heldForStaleStatements += 1
                report.staleCurrencies.insert(candidate.currency)
                continue
            }
            // A statement of its currency's account never arrived: its payment may be in it.
            if missingStatements.contains(candidate.currency) || missingStatements.contains("") {
                report.heldForMissingStatements += 1
                report.missingStatementCurrencies.insert(candidate.currency)
                continue
            }
            // Money of its currency arrived in a collective booking whose payments are not listed yet: it may be this one's.
            if awaitingDetails.contains(candidate.currency) {
                report.heldForBookingsAwaitingDetails += 1
                report.awaitingDetailsCurrencies.insert(candidate.currency)
                continue
            }
            // The bank announced its payment (payments.md: "skip invoices with a payment pending").
            if candidate.reference.map(pending.references.contains) == true || pending.amounts.contains("\(candidate.currency)|\(candidate.open_minor)")
                || pending.topUps["\(candidate.customer_number)|\(candidate.currency)"].map({ $0 >= candidate.open_minor }) == true {
                report.heldForPendingPayments += 1
                continue
            }
            if recentCredits.contains(candidate.organization_id) || unidentifiedAmounts.contains("\(candidate.currency)|\(candidate.open_minor)")
                || candidate.reference.map(waitingReferences.contains) == true {
                report.skippedForRecentMoney += 1
                continue
            }
            // What is left of the balance after the older overdue invoices of this currency.
            let account = BalanceKey(organization: candidate.organization_id, currency: candidate.currency)
            let balance = balances[account] ?? 0
            balances[account] = max(0, balance - candidate.open_minor)
            guard let step = config.ladder.next(daysOverdue: config.days(from: candidate.due_on, to: today), taken: taken[candidate.id]),
                  candidate.fee_for_invoice_id == nil || step <= .reminder2 else { continue }
            if balance >= candidate.open_minor {
                if autoPaying.contains(candidate.organization_id), try await payFromBalance(candidate) {
                    report.paidFromBalance += 1
                    continue
                }
                report.coveredByBalance += 1
                if candidate.balance_notice_on == nil { balanceNotices.append((candidate, Money(minorUnits: balance, currency: candidate.facts.open.currency))) }
                continue
            }
            due.append(Due(candidate: candidate, step: step, balance: balance > 0 ? balance : nil))
        }
        if !balanceNotices.isEmpty {
            let covered = balanceNotices
            try await afterReading(covered.map(\.0.id))
            // Under the bulk lock and the same money check as the chunks: an import that paid these invoices after the
            // run read them made it tell 400 customers to pay from their balance invoices the bank had paid (bank probe
            // round 6).
            report.balanceNotices += try await db.transaction { db in
                try await BulkBillingLock.take(on: db)
                try await checkMoney(db)
                var templates = ReminderMailTemplates.set()
                return try await tellBalanceCovers(covered, templates: &templates, on: db)
            }
        }
        let orders = try await awaitingOrderInvoices(sql)
        let ladder = due.filter { $0.step != .suspension }, suspensions = due.filter { $0.step == .suspension }
        var done = 0
        var templates = ReminderMailTemplates.set()
        for chunk in ladder.chunked(2_000) {
            try await afterReading(chunk.map(\.candidate.id))
            let (sent, filled) = try await db.transaction { [templates] db in
                var templates = templates
                // Before any row: the other bulk jobs wait for this chunk, and it for them. Then the chunk's
                // organizations in id order, before its reminders name them and its fees' invoices lock them one by
                // one (a customer's request locks the organization before the invoice counter, as a fee does after).
                try await BulkBillingLock.take(on: db)
                try await checkMoney(db)
                try await db.lockForUpdate(Organization.self, ids: chunk.map(\.candidate.organization_id))
                // Read again under the locks: an import may have paid some since the run read its list (it waited for
                // that import to commit), and a reminder or a fee for a paid invoice must not go out.
                let current = try await stillOpen(Array(chunk), on: db)
                var sent: [DunningLadder.Step: Int] = [:]
                for (currency, part) in Dictionary(grouping: current, by: \.candidate.currency) {
                    guard let until = countedUntil[currency] else { continue }
                    sent.merge(try await remind(part, orders: orders, paymentsCountedUntil: until, templates: &templates, on: db), uniquingKeysWith: +)
                }
                return (sent, templates)
            }
            templates = filled
            for (step, count) in sent { report.sent[step, default: 0] += count }
            done += chunk.count
            progress(done, due.count)
        }
        let byOrganization = Dictionary(grouping: suspensions, by: { $0.candidate.organization_id })
        for organizationID in byOrganization.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            let group = byOrganization[organizationID] ?? []
            let (sent, cancelled, filled) = try await db.transaction { [templates] db in
                var templates = templates
                try await BulkBillingLock.take(on: db)
                try await checkMoney(db)
                let (sent, cancelled) = try await takeSuspensionSteps(group, of: organizationID, paymentsCountedUntil: countedUntil,
                                                                      templates: &templates, on: db)
                return (sent, cancelled, templates)
            }
            templates = filled
            report.sent[.suspension, default: 0] += sent
            report.suspended += sent
            report.ordersCancelled += cancelled
            done += group.count
            progress(done, due.count)
        }
    }

    /// The suspension step of these invoices of one organization, under its lock with its open invoices locked
    /// (`ProductSuspension.lockOpenInvoices`), so a payment arriving at the same moment is seen: an invoice paid
    /// meanwhile takes no step, and a payment of another invoice decides whether to lift after this step exists.
    /// An order's invoice cancels the order instead; the others suspend the organization's running products.
    private func takeSuspensionSteps(_ invoices: [Due], of organizationID: UUID, paymentsCountedUntil: [String: String],
                                     templates: inout MailTemplateSet, on db: any Database) async throws -> (suspended: Int, cancelled: Int) {
        try await db.lockForUpdate(Organization.self, id: organizationID)
        let open = try await ProductSuspension.lockOpenInvoices(of: organizationID, on: db)
        let stillOpen = invoices.compactMap { invoice -> Due? in
            guard let amount = open[invoice.candidate.id] else { return nil }
            var fresh = invoice
            fresh.candidate.open_minor = amount
            return fresh
        }
        let orders = try await awaitingOrderInvoices(db as! any SQLDatabase, among: stillOpen.map(\.candidate.id))
        var cancelled = 0
        var messages: [TemplatedMail.Message] = []
        let recipients = try await BillingRecipients.addresses(for: [organizationID], on: db)
        for invoice in stillOpen.map(\.candidate) where orders.contains(invoice.id) {
            guard try await orderService(on: db).cancelUnpaid(invoiceID: invoice.id, in: organizationID, now: now, on: db) else { continue }
            cancelled += 1
            for recipient in invoice.invoice_email.map({ [$0] }) ?? recipients[organizationID] ?? [] {
                messages.append(mail.orderCancelledMessage(to: recipient, invoice: invoice.facts, templates: &templates))
            }
        }
        try await TemplatedMail.enqueue(messages, now: now, on: db)
        let debts = stillOpen.filter { !orders.contains($0.candidate.id) }
        guard !debts.isEmpty else { return (0, cancelled) }
        var sent: [DunningLadder.Step: Int] = [:]
        for (currency, part) in Dictionary(grouping: debts, by: \.candidate.currency) {
            guard let until = paymentsCountedUntil[currency] else { continue }
            sent.merge(try await remind(part, orders: [], paymentsCountedUntil: until, templates: &templates, on: db), uniquingKeysWith: +)
        }
        let taken = sent[.suspension] ?? 0
        // Every step is recorded (it holds the suspension until its invoice is paid); the products that still run stop.
        if taken > 0, let first = debts.first, let model = try await Invoice.find(first.candidate.id, on: db) {
            try await suspension.suspend(organizationID: organizationID, because: model, on: db)
        }
        return (taken, cancelled)
    }

    /// The invoices of `chunk` still open now, with their open amounts as they are now.
    private func stillOpen(_ chunk: [Due], on db: any Database) async throws -> [Due] {
        struct Row: Decodable { let id: UUID; let open_minor: Int64 }
        var open: [UUID: Int64] = [:]
        for part in chunk.map(\.candidate.id).chunked(1_000) {
            for row in try await (db as! any SQLDatabase).select().columns("id", "open_minor").from("invoices")
                .where("id", .in, Array(part)).where("open_minor", .greaterThan, Int64(0)).all(decoding: Row.self) { open[row.id] = row.open_minor }
        }
        return chunk.compactMap { due in
            guard let amount = open[due.candidate.id] else { return nil }
            var fresh = due
            fresh.candidate.open_minor = amount
            return fresh
        }
    }

    private func orderService(on db: any Database) -> OrderService {
        OrderService(db: db, issuer: InvoiceIssuer(db: db, config: config, composer: mail.composer), localizer: mail.localizer, defaultLanguage: defaultLanguage)
    }

    /// The invoices of orders still awaiting payment (among `invoiceIDs` when given): few at any time.
    private func awaitingOrderInvoices(_ sql: any SQLDatabase, among invoiceIDs: [UUID]? = nil) async throws -> Set<UUID> {
        if let invoiceIDs, invoiceIDs.isEmpty { return [] }
        var query = sql.select().column("invoice_id").from("product_orders")
            .where("status", .equal, ProductOrder.Status.awaitingPayment.rawValue).where("invoice_id", .isNot, SQLLiteral.null)
        if let invoiceIDs { query = query.where("invoice_id", .in, invoiceIDs) }
        struct Row: Decodable { let invoice_id: UUID }
        return Set(try await query.all(decoding: Row.self).map(\.invoice_id))
    }

    /// Records the steps (those another run recorded first are skipped by the unique index) and queues their mail.
    /// `orders`: invoices of orders awaiting payment, reminded without a fee (cancelling the order would leave the fee
    /// owed for something never delivered) and warned that the order, not the services, ends at the last step.
    private func remind(_ chunk: [Due], orders: Set<UUID>, paymentsCountedUntil: String,
                        templates: inout MailTemplateSet, on db: any Database) async throws -> [DunningLadder.Step: Int] {
        let sql = db as! any SQLDatabase
        var rows = BulkRows([.uuid, .uuid, .uuid, .int, .int])
        for item in chunk {
            let candidate = item.candidate
            rows.append([.uuid(TimeOrderedID.make()), .uuid(candidate.id), .uuid(candidate.organization_id), .int(Int64(item.step.rawValue)), .int(candidate.open_minor)])
        }
        struct Inserted: Decodable { let id: UUID; let invoice_id: UUID; let step: Int }
        // `WHERE true`: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it as an upsert.
        let inserted = try await sql.raw("""
            INSERT INTO payment_reminders (id, invoice_id, organization_id, step, open_minor, sent_on, payments_until, created_at)
            SELECT \(unsafeRaw: rows.columns(on: sql)), \(bind: today), \(bind: paymentsCountedUntil), \(bind: now) FROM \(rows.source(on: sql)) WHERE true
            ON CONFLICT (invoice_id, step) DO NOTHING RETURNING id, invoice_id, step
            """).all(decoding: Inserted.self)
        guard !inserted.isEmpty else { return [:] }
        let byID = Dictionary(chunk.map { ($0.candidate.id, $0) }, uniquingKeysWith: { first, _ in first })
        let needRecipients = Set(inserted.compactMap { byID[$0.invoice_id]?.candidate }.filter { $0.invoice_email == nil }.map(\.organization_id))
        let recipients = try await BillingRecipients.addresses(for: Array(needRecipients), on: db)
        var sent: [DunningLadder.Step: Int] = [:]
        var messages: [TemplatedMail.Message] = []
        messages.reserveCapacity(inserted.count)
        for row in inserted {
            guard let item = byID[row.invoice_id], let step = DunningLadder.Step(rawValue: row.step) else { continue }
            let invoice = item.candidate
            let facts = invoice.facts
            var fee: Money?
            let isOrder = orders.contains(invoice.id)
            // Never a fee on a fee's own invoice: a fee is charged for reminding the claim, not for reminding the fee.
            if step == .reminder2, !isOrder, invoice.fee_for_invoice_id == nil, let configured = config.reminderFees[facts.open.currency] {
                fee = configured
                let feeInvoice = try await InvoiceIssuer(db: db, config: config, composer: mail.composer).issue(
                    .init(organizationID: invoice.organization_id, currency: facts.open.currency,
                          lines: [.init(description: mail.feeLine(number: facts.number, language: facts.language), quantity: 1,
                                        unitPrice: configured, vatRate: .zero)],
                          language: facts.language, feeForInvoiceID: invoice.id), now: now, on: db)
                try await PaymentReminder.query(on: db).filter(\.$id == row.id).set(\.$feeInvoiceID, to: feeInvoice.id).update()
            }
            let to = invoice.invoice_email.map { [$0] } ?? recipients[invoice.organization_id] ?? []
            for recipient in to {
                messages.append(mail.message(to: recipient, invoice: facts, step: step, paymentsUntil: paymentsCountedUntil, fee: fee, isOrder: isOrder,
                                             balance: item.balance.map { Money(minorUnits: $0, currency: facts.open.currency) }, sentOn: today,
                                             templates: &templates))
            }
            sent[step, default: 0] += 1
        }
        try await TemplatedMail.enqueue(messages, now: now, on: db)
        return sent
    }

    /// The last step of each invoice and how long ago it was sent (steps only go forward, so the latest day is its day).
    private func takenSteps(_ sql: any SQLDatabase) async throws -> [UUID: DunningLadder.Taken] {
        struct Row: Decodable { let invoice_id: UUID; let step: Int; let sent_on: String }
        let rows = try await sql.raw("SELECT invoice_id, MAX(step) AS step, MAX(sent_on) AS sent_on FROM payment_reminders GROUP BY invoice_id")
            .all(decoding: Row.self)
        var taken: [UUID: DunningLadder.Taken] = [:]
        taken.reserveCapacity(rows.count)
        for row in rows {
            guard let step = DunningLadder.Step(rawValue: row.step) else { continue }
            taken[row.invoice_id] = DunningLadder.Taken(step, daysAgo: config.days(from: row.sent_on, to: today))
        }
        return taken
    }

    /// An invoice taking a step now, and what is left of the prepaid balance in its currency for it (less than it owes).
    struct Due {
        var candidate: Candidate
        var step: DunningLadder.Step
        var balance: Int64? = nil
    }

    struct BalanceKey: Hashable {
        let organization: UUID
        let currency: String
    }

    /// Every positive prepaid balance, in one query: the newest entry of each organization's ledger per currency.
    private func prepaidBalances(_ sql: any SQLDatabase) async throws -> [BalanceKey: Int64] {
        struct Row: Decodable { let organization_id: UUID; let currency: String; let balance_after_minor: Int64 }
        let rows = try await sql.raw("""
            SELECT e.organization_id, e.currency, e.balance_after_minor FROM prepaid_entries e
            JOIN (SELECT organization_id, currency, MAX(position) AS position FROM prepaid_entries GROUP BY organization_id, currency) newest
              ON newest.organization_id = e.organization_id AND newest.currency = e.currency AND newest.position = e.position
            WHERE e.balance_after_minor > 0
            """).all(decoding: Row.self)
        return Dictionary(rows.map { (BalanceKey(organization: $0.organization_id, currency: $0.currency), $0.balance_after_minor) },
                          uniquingKeysWith: max)
    }

    /// Tells each customer once that the prepaid balance covers the overdue invoice and how to pay from it (no fee, no
    /// step): marking the invoice and queueing the mail in one transaction, so a second run tells nothing again.
    private func tellBalanceCovers(_ covered: [(Candidate, Money)], templates: inout MailTemplateSet, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let recipients = try await BillingRecipients.addresses(for: Array(Set(covered.filter { $0.0.invoice_email == nil }.map(\.0.organization_id))), on: db)
        var messages: [TemplatedMail.Message] = []
        // Marked in chunks; an invoice another run marked first is not told again.
        struct Marked: Decodable { let id: UUID }
        var marked: Set<UUID> = []
        for chunk in covered.map(\.0.id).chunked(500) {
            marked.formUnion(try await sql.raw("""
                UPDATE invoices SET balance_notice_on = \(bind: today)
                WHERE id IN \(SQLBind.group(Array(chunk))) AND balance_notice_on IS NULL AND open_minor > 0 RETURNING id
                """).all(decoding: Marked.self).map(\.id))
        }
        var told = 0
        for (invoice, balance) in covered where marked.contains(invoice.id) {
            told += 1
            for recipient in invoice.invoice_email.map({ [$0] }) ?? recipients[invoice.organization_id] ?? [] {
                messages.append(mail.balanceCoversMessage(to: recipient, invoice: invoice.facts, balance: balance, templates: &templates))
            }
        }
        try await TemplatedMail.enqueue(messages, now: now, on: db)
        return told
    }

    /// The currencies of camt.053 collective bookings still waiting for the camt.054 that lists their payments.
    private func currenciesAwaitingDetails(_ sql: any SQLDatabase) async throws -> Set<String> {
        struct Row: Decodable { let currency: String }
        return Set(try await sql.raw("""
            SELECT DISTINCT currency FROM bank_payments
            WHERE outcome = 'flagged' AND flag = \(bind: BankPayment.awaitingDetailsFlag) AND assignment IS NULL
            """).all(decoding: Row.self).map(\.currency))
    }

    /// Organizations credited by the newest statements (those reaching `paymentsCountedUntil`), the amounts still waiting
    /// unidentified, and the references that money waiting for staff names (stored, like the invoices', in
    /// `PaymentReference.electronic` form): a payment naming an overdue invoice's
    /// reference that waits (paying two invoices at once, in another currency, flagged for any reason) holds that invoice's
    /// reminder as much as one of its exact amount does (bank probe round 9: "a reminder must not cross a payment").
    private func recentMoney(_ sql: any SQLDatabase, paymentsCountedUntil days: Set<String>) async throws -> (Set<UUID>, Set<String>, Set<String>) {
        struct Credit: Decodable { let organization_id: UUID? }
        var credited: [Credit] = []
        for day in days.sorted() {
            credited += try await sql.raw("""
                SELECT DISTINCT p.organization_id FROM bank_payments p JOIN bank_statement_imports i ON i.id = p.import_id
                WHERE i.covers_until = \(bind: day) AND p.outcome = 'prepaid'
                """).all(decoding: Credit.self)
        }
        struct Amount: Decodable { let currency: String; let amount_minor: Int64?; let reference: String? }
        let unidentified = try await sql.raw("""
            SELECT p.currency, p.amount_minor, p.reference FROM bank_payments p
            WHERE p.outcome IN ('unidentified', 'flagged') AND p.assignment IS NULL AND p.is_reversal = \(bind: false)
            """).all(decoding: Amount.self)
        return (Set(credited.compactMap(\.organization_id)), Set(unidentified.compactMap { row in row.amount_minor.map { "\(row.currency)|\($0)" } }),
                Set(unidentified.compactMap(\.reference)))
    }

    /// How long an announced payment (`PDNG`) holds the invoice it pays: a bank books it within a few working days,
    /// or it is not coming (rejected, recalled) and the ladder goes on.
    static let pendingPaymentDays = 5

    /// The references, and the amounts of those naming none (`CUR|minor`), of the payments the bank announced within
    /// `pendingPaymentDays` (`M088CreatePendingBankPayments`).
    /// And the money announced with a customer's top-up reference (`customer number|currency` → minor units): booked, it
    /// goes to that customer's balance, which then covers an overdue invoice up to that much (bank probe round 9: such an
    /// announcement held nothing, as it names no invoice).
    private func pendingPayments(_ sql: any SQLDatabase) async throws -> (references: Set<String>, amounts: Set<String>, topUps: [String: Int64]) {
        struct Row: Decodable { let currency: String; let amount_minor: Int64?; let reference: String? }
        let rows = try await sql.raw("""
            SELECT currency, amount_minor, reference FROM pending_bank_payments
            WHERE announced_on >= \(bind: config.day(today, plus: -Self.pendingPaymentDays))
            """).all(decoding: Row.self)
        var topUps: [String: Int64] = [:]
        for row in rows {
            guard let text = row.reference, let minor = row.amount_minor, let reference = PaymentReference(text),
                  let decoded = BillingReferences.decode(reference), decoded.kind == .topUp else { continue }
            topUps["\(decoded.customerNumber)|\(row.currency)", default: 0] += minor
        }
        return (Set(rows.compactMap(\.reference)),
                Set(rows.compactMap { row in row.reference == nil ? row.amount_minor.map { "\(row.currency)|\($0)" } : nil }), topUps)
    }

    private func payFromBalance(_ candidate: Candidate) async throws -> Bool {
        do {
            _ = try await InvoiceSettling.payFromBalance(invoiceID: candidate.id, organizationID: candidate.organization_id, userID: nil, now: now, on: db)
            return true
        } catch let error as AppError where error == .refused(messageKey: "error.billing.insufficient_balance") || error == .conflict(messageKey: "error.billing.already_paid") {
            return false
        }
    }
}
