import Fluent
import Foundation
import KontorDomain

/// The one way an invoice or credit note comes into being: staff's manual invoices now, orders and renewals next.
///
/// Issuing checks the draft, then in one transaction under the organization's lock: takes the next number of the
/// series, the payment reference, copies the billing address, writes the lines and the VAT per rate, and — when the
/// organization chose it and the balance covers it — pays it from the prepaid account, and queues the notice with
/// the PDF (`InvoiceNotices`). Nothing of it is changed afterwards; a correction is a credit note.
struct InvoiceIssuer {
    let db: any Database
    let config: BillingConfiguration
    /// Writes the notices; in the document's language, so the issuer needs no request.
    let composer: MailComposer
    /// The server's queue for issuing (`IssuingQueue`); nil only where the caller serializes already.
    var queue: IssuingQueue? = nil
    /// How long an issue waits for its organization's lock before it is answered busy (`AppConfig.lockWaitSeconds`).
    var lockWait: Duration = .seconds(20)

    /// Runs `body` — a transaction that issues through `issue(_:now:on:)` — in this server's issuing queue; callers
    /// that open their own transaction around the issue (the staff API's idempotent issue) go through here too.
    ///
    /// `organizationID` is the organization whose lock `body` takes. Before queueing, the issue waits while another
    /// transaction holds that lock: on PostgreSQL a statement import holds the organizations whose invoices it pays
    /// until the whole file is in (seconds for a large one), and an issue that waited for it inside the queue held up
    /// every other invoice, order and renewal of this server meanwhile. The wait asks now and then and holds no
    /// connection (`waitWhileLockedForUpdate`). Should an import take the lock between the wait and the queue's turn,
    /// the issue waits in the queue as before: the wait is for the others' sake, not for safety.
    func queued<T: Sendable>(for organizationID: UUID?, _ body: @Sendable () async throws -> T) async throws -> T {
        guard let queue else { return try await body() }
        if let organizationID { try await db.waitWhileLockedForUpdate(Organization.self, id: organizationID, limit: lockWait) }
        return try await queue.run(body)
    }

    struct Line: Sendable {
        var description: String
        var quantity: Int64
        var unitPrice: Money
        var vatRate: VATRate
        var productID: UUID? = nil
    }

    struct Draft: Sendable {
        var organizationID: UUID
        var currency: Currency
        var lines: [Line]
        /// Nil: the organization's default billing address.
        var billingAddressID: UUID? = nil
        /// A foreign business customer's VAT number: no Swiss VAT, "Reverse charge" printed.
        var customerVATNumber: String? = nil
        var language: Language
        var issuedByStaffID: UUID? = nil
        var note: String? = nil
        /// A reminder fee: the invoice whose reminder charges it (`ReminderRun`).
        var feeForInvoiceID: UUID? = nil
    }

    /// The most lines one invoice has (the staff page and the staff API alike).
    static let maximumLines = 200

    /// Every problem with the draft at once, named by field (`lines[2].description`, `currency`, …).
    func validate(_ draft: Draft) -> [FieldError] {
        var errors: [FieldError] = []
        if config.accounts[draft.currency] == nil { errors.append(FieldError(field: "currency", messageKey: "error.billing.currency_unavailable")) }
        if draft.lines.isEmpty { errors.append(FieldError(field: "lines", messageKey: "error.billing.lines_required")) }
        if draft.lines.count > Self.maximumLines { errors.append(FieldError(field: "lines", messageKey: "error.billing.too_many_lines")) }
        for (index, line) in draft.lines.enumerated() {
            let trimmed = line.description.trimmedAsFoundation()
            if trimmed.isEmpty { errors.append(FieldError(field: "lines[\(index)].description", messageKey: "error.required")) }
            else if trimmed.count > 200 { errors.append(FieldError(field: "lines[\(index)].description", messageKey: "error.too_long")) }
            // Printed on the invoice the customer receives: no invisible characters that could disguise what is billed.
            else if let invisible = TextCharacters.firstInvisible(in: line.description) {
                errors.append(FieldError(field: "lines[\(index)].description", messageKey: "error.invalid_characters",
                                         arguments: ["character": TextCharacters.codePoint(invisible)]))
            }
            if line.quantity < 1 || line.quantity > 100_000 { errors.append(FieldError(field: "lines[\(index)].quantity", messageKey: "error.billing.quantity")) }
            if line.unitPrice.currency != draft.currency || line.unitPrice.minorUnits < 0 || line.unitPrice.minorUnits > 10_000_000_000 {
                errors.append(FieldError(field: "lines[\(index)].unitPrice", messageKey: "error.billing.price"))
            }
            if line.vatRate.basisPoints < 0 || line.vatRate.basisPoints > 10_000 {
                errors.append(FieldError(field: "lines[\(index)].vatRate", messageKey: "error.billing.vat_rate"))
            }
        }
        if let note = draft.note, note.count > 500 { errors.append(FieldError(field: "note", messageKey: "error.too_long")) }
        // The note is printed too: line breaks are its own, any other invisible character could disguise it (a bidi
        // override printed "Paid \u{202E}evil" as "Paid live").
        else if let note = draft.note, let invisible = TextCharacters.invisibleCharacterError(in: note, field: "note", lines: true) {
            errors.append(invisible)
        }
        // The net alone beyond the maximum is told here, at once; the total with its VAT once the address is known (`document`).
        if errors.isEmpty, !Self.withinQRBillMaximum(draft.lines.reduce(Int64(0)) { sum, line in
            let (net, overflow) = line.unitPrice.minorUnits.multipliedReportingOverflow(by: line.quantity)
            return overflow ? Int64.max : sum.addingReportingOverflow(net).overflow ? Int64.max : sum + net
        }) {
            errors.append(FieldError(field: "lines", messageKey: "error.billing.total_exceeds_qr_maximum"))
        }
        return errors
    }

    /// The largest total a QR-bill can carry (999,999,999.99): an invoice above it could never be paid by slip (an
    /// import parks such a payment anyway), and its amounts would no longer fit their columns on the PDF.
    static let maximumTotalMinor: Int64 = 99_999_999_999

    static func withinQRBillMaximum(_ totalMinor: Int64) -> Bool { totalMinor <= maximumTotalMinor }

    func issue(_ draft: Draft, now: Date) async throws -> Invoice {
        try ValidationFailure.check(validate(draft))   // a bad draft is told at once, without queueing
        return try await queued(for: draft.organizationID) { try await db.transaction { db in try await issue(draft, now: now, on: db) } }
    }

    /// Inside a transaction the caller already opened (an order that issues its invoice with its own changes).
    func issue(_ draft: Draft, now: Date, on db: any Database) async throws -> Invoice {
        try ValidationFailure.check(validate(draft))
        try await db.lockForUpdate(Organization.self, id: draft.organizationID)
        guard let organization = try await Organization.find(draft.organizationID, on: db) else { throw AppError.notFound }
        let address = try await billingAddress(draft, on: db)
        let customerNumber = try await BillingCounters.customerNumber(of: organization, on: db)
        let sequence = try await BillingCounters.next(DocumentSeries.invoice.rawValue, on: db)
        let document = try invoiceDocument(draft, address: address, customerNumber: customerNumber, sequence: sequence, now: now)
        let invoice = try await document.create(on: db)
        if organization.payFromBalance,
           try await PrepaidLedger.balance(of: draft.organizationID, currency: draft.currency, on: db).minorUnits >= invoice.openMinor {
            try await InvoiceSettling.payFromBalance(invoice, userID: nil, now: now, on: db)
        }
        // After paying from the balance, so the notice can say the invoice is paid; same transaction, so exactly once.
        try await InvoiceNotices.enqueueIssued(invoice, on: db, composer: composer, now: now)
        return invoice
    }

    /// The invoice `draft` becomes with this number and address: its payment reference, the VAT it owes or the
    /// reverse charge, the creditor account. Shared by `issue` and `issueMany`, so both write the same document.
    func invoiceDocument(_ draft: Draft, address: IssuedAddress, customerNumber: Int64, sequence: Int64, now: Date) throws -> Document {
        let account = config.accounts[draft.currency]!
        guard let reference = BillingReferences.reference(kind: .invoice, customerNumber: Int(customerNumber), sequence: Int(sequence),
                                                          qrIBAN: account.isQRIBAN) else {
            throw AppError.conflict(messageKey: "error.billing.reference_space")
        }
        // A number given with the draft wins over the address's (staff invoicing one business for another).
        let vatNumber = draft.customerVATNumber?.trimmedAsFoundation(newlines: false) ?? address.vatNumber.map { VATNumber(stored: $0).printed }
        let reverseCharge = address.postal.country != "CH" && address.postal.country != "LI" && !(vatNumber ?? "").isEmpty
        return try document(draft, series: .invoice, sequence: sequence, customerNumber: customerNumber, address: address.postal,
                            reverseCharge: reverseCharge, vatNumber: vatNumber, now: now) { invoice in
            invoice.reference = reference.electronic
            invoice.referenceType = reference.typeCode
            invoice.accountIBAN = account.electronic
            invoice.invoiceEmail = address.invoiceEmail
        }
    }

    /// A credit note for (part of) an invoice: its own series, naming the invoice. What the invoice still owed is
    /// reduced by it; whatever exceeds that (the invoice was paid already) goes to the prepaid account.
    func issueCreditNote(for invoiceID: UUID, lines: [Line], staffID: UUID?, note: String?, now: Date) async throws -> Invoice {
        let organizationID = try await Invoice.find(invoiceID, on: db)?.$organization.id
        return try await queued(for: organizationID) { try await db.transaction { db in
            try await issueCreditNote(for: invoiceID, lines: lines, staffID: staffID, note: note, now: now, on: db)
        } }
    }

    /// Inside a transaction the caller already opened (an order cancelled with its own changes), in the issuing queue.
    func issueCreditNote(for invoiceID: UUID, lines: [Line], staffID: UUID?, note: String?, now: Date, on db: any Database) async throws -> Invoice {
        guard let found = try await Invoice.find(invoiceID, on: db), !found.isCreditNote else { throw AppError.notFound }
        try await db.lockForUpdate(Organization.self, id: found.$organization.id)
        // Read again under the lock: a payment booked meanwhile has changed what is still open.
        guard let original = try await Invoice.find(invoiceID, on: db) else { throw AppError.notFound }
        let draft = Draft(organizationID: original.$organization.id, currency: original.currency, lines: lines,
                          customerVATNumber: original.customerVATNumber, language: Language(rawValue: original.language) ?? .en,
                          issuedByStaffID: staffID, note: note)
        var errors = validate(draft).filter { $0.field != "currency" }
        try ValidationFailure.check(errors)
        let earlier = try await Invoice.query(on: db).filter(\.$creditsInvoiceID == invoiceID).all()
        let credited = earlier.reduce(Int64(0)) { $0 + $1.totalMinor }
        let nets = try lines.map { (net: try $0.unitPrice.multiplied(by: $0.quantity), rate: $0.vatRate) }
        // Per rate: only the VAT the invoice charged, and no more of it than is left after earlier credit notes; the tax
        // given back is the note's share of the tax charged, so the notes of an invoice add up to it exactly.
        func byRate(_ rows: [InvoiceVAT]) -> [VATRate: (net: Int64, tax: Int64)] {
            rows.reduce(into: [:]) { sums, row in
                let rate = VATRate(basisPoints: row.vatBasisPoints), sum = sums[rate] ?? (net: 0, tax: 0)
                sums[rate] = (net: sum.net + row.netMinor, tax: sum.tax + row.taxMinor)
            }
        }
        let invoicedVAT = byRate(try await InvoiceVAT.query(on: db).filter(\.$invoice.$id == invoiceID).all())
        let creditedVAT = earlier.isEmpty ? [:] : byRate(try await InvoiceVAT.query(on: db).filter(\.$invoice.$id ~~ earlier.compactMap(\.id)).all())
        let crediting = nets.reduce(into: [VATRate: Int64]()) { $0[$1.rate, default: 0] += $1.net.minorUnits }
        let taxes = CreditNoteRates.taxes(invoiced: invoicedVAT, credited: creditedVAT, crediting: crediting)
        let breakdown = try VATBreakdown(lines: nets.map { ($0.net, $0.rate) }, currency: original.currency, reverseCharge: original.reverseCharge,
                                         taxes: taxes)
        if breakdown.total.minorUnits + credited > original.totalMinor {
            errors.append(FieldError(field: "lines", messageKey: "error.billing.credit_exceeds_invoice"))
        }
        if breakdown.total.minorUnits == 0 { errors.append(FieldError(field: "lines", messageKey: "error.billing.credit_zero")) }
        let perRate = CreditNoteRates.problems(invoiced: invoicedVAT.mapValues(\.net), credited: creditedVAT.mapValues(\.net),
                                               lines: nets.map { ($0.net.minorUnits, $0.rate) })
        // More than the whole invoice is said once, on `lines`; the per-rate excess is then no news.
        let totalExceeded = errors.contains { $0.field == "lines" && $0.messageKey == "error.billing.credit_exceeds_invoice" }
        errors += perRate.filter { !totalExceeded || $0.messageKey != "error.billing.credit_exceeds_rate" }
        try ValidationFailure.check(errors)
        let sequence = try await BillingCounters.next(DocumentSeries.creditNote.rawValue, on: db)
        let built = try document(draft, series: .creditNote, sequence: sequence, customerNumber: original.customerNumber,
                                    address: original.billingAddress, reverseCharge: original.reverseCharge,
                                    vatNumber: original.customerVATNumber, taxes: taxes, now: now) { note in
            note.creditsInvoiceID = invoiceID
            note.invoiceEmail = original.invoiceEmail
            note.openMinor = 0
        }
        let creditNote = try await built.create(on: db)
        original.creditedMinor += creditNote.totalMinor
        let toInvoice = min(original.openMinor, creditNote.totalMinor)
        if toInvoice > 0 {
            try await InvoiceSettling.settle(original, kind: .creditNote, amount: toInvoice, creditNoteID: creditNote.id, now: now, on: db)
        } else {
            try await original.save(on: db)
        }
        if creditNote.totalMinor > toInvoice {
            try await PrepaidLedger.post(.init(kind: .creditNote, amount: Money(minorUnits: creditNote.totalMinor - toInvoice, currency: original.currency),
                                               invoiceID: creditNote.id, staffID: staffID, reason: original.number),
                                         to: original.$organization.id, now: now, on: db)
        }
        try await InvoiceNotices.enqueueIssued(creditNote, on: db, composer: composer, now: now)
        return creditNote
    }

    /// What an invoice copies from its billing address.
    struct IssuedAddress: Sendable {
        var postal: PostalAddress
        var invoiceEmail: String?
        var vatNumber: String?

        init(_ address: BillingAddress) {
            (postal, invoiceEmail, vatNumber) = (address.address, address.invoiceEmail, address.vatNumber)
        }

        /// The address an invoice was issued to, as printed on it.
        init(of invoice: Invoice) {
            (postal, invoiceEmail, vatNumber) = (invoice.billingAddress, invoice.invoiceEmail, invoice.customerVATNumber)
        }
    }

    private func billingAddress(_ draft: Draft, on db: any Database) async throws -> IssuedAddress {
        // A reminder fee goes where the claim it is charged for went: never refused because the customer has since
        // removed its addresses (one such customer stopped every reminder run, for all customers).
        if let claim = draft.feeForInvoiceID, draft.billingAddressID == nil, let invoice = try await Invoice.find(claim, on: db),
           invoice.$organization.id == draft.organizationID {
            return IssuedAddress(of: invoice)
        }
        var query = BillingAddress.query(on: db).filter(\.$organization.$id == draft.organizationID)
        query = draft.billingAddressID.map { query.filter(\.$id == $0) } ?? query.filter(\.$isDefault == true)
        guard let address = try await query.first() else {
            throw ValidationFailure([FieldError(field: "billingAddressID", messageKey: "error.billing.no_address")])
        }
        return IssuedAddress(address)
    }

    private func document(_ draft: Draft, series: DocumentSeries, sequence: Int64, customerNumber: Int64, address: PostalAddress,
                          reverseCharge: Bool, vatNumber: String?, taxes: [VATRate: Int64] = [:], now: Date,
                          finish: (inout IssuedInvoice) -> Void) throws -> Document {
        let nets = try draft.lines.map { try $0.unitPrice.multiplied(by: $0.quantity) }
        let breakdown = try VATBreakdown(lines: zip(nets, draft.lines).map { ($0, $1.vatRate) }, currency: draft.currency, reverseCharge: reverseCharge,
                                         taxes: taxes)
        guard Self.withinQRBillMaximum(breakdown.total.minorUnits) else {
            throw ValidationFailure([FieldError(field: "lines", messageKey: "error.billing.total_exceeds_qr_maximum")])
        }
        let invoiceID = TimeOrderedID.make()
        let issuedOn = config.day(of: now)
        var invoice = IssuedInvoice(
            id: invoiceID, organizationID: draft.organizationID, series: series.rawValue, sequence: sequence, number: series.number(Int(sequence)),
            customerNumber: customerNumber, language: draft.language.rawValue, currencyCode: draft.currency.code,
            netMinor: breakdown.net.minorUnits, taxMinor: breakdown.tax.minorUnits, totalMinor: breakdown.total.minorUnits,
            openMinor: breakdown.total.minorUnits, reverseCharge: reverseCharge, customerVATNumber: (vatNumber ?? "").isEmpty ? nil : vatNumber,
            address: address, issuedAt: now, issuedOn: issuedOn, dueOn: config.day(issuedOn, plus: config.paymentTermDays),
            issuedByStaffID: draft.issuedByStaffID, note: draft.note, feeForInvoiceID: draft.feeForInvoiceID)
        finish(&invoice)
        if invoice.totalMinor == 0 { invoice.paidAt = now }
        let lines = zip(draft.lines, nets).enumerated().map { index, pair in
            IssuedLine(id: TimeOrderedID.make(), invoiceID: invoiceID, position: index + 1, description: pair.0.description.trimmedAsFoundation(),
                       quantity: pair.0.quantity, unitMinor: pair.0.unitPrice.minorUnits, netMinor: pair.1.minorUnits,
                       vatBasisPoints: pair.0.vatRate.basisPoints, productID: pair.0.productID)
        }
        let vat = breakdown.groups.map { group in
            IssuedVAT(id: TimeOrderedID.make(), invoiceID: invoiceID, vatBasisPoints: group.rate.basisPoints, netMinor: group.net.minorUnits,
                      taxMinor: group.tax.minorUnits)
        }
        return Document(invoice: invoice, lines: lines, vat: vat)
    }
}
