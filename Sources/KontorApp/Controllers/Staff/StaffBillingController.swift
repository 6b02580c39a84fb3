import Fluent
import Foundation
import KontorDomain
import Vapor

/// The billing staff's page: import a bank statement and read its summary, decide the payments no customer could
/// be told from, credit or debit a prepaid account with a reason, and issue a manual invoice. Administrators and
/// the billing role only; every decision records who took it.
struct StaffBillingController {
    static let maximumStatement = 100 * 1024 * 1024

    struct ImportRow: Encodable {
        let importedAt: Date
        let fileName: String
        let kind: String
        let transactions: Int
        let settled: Int
        let prepaid: Int
        let unidentified: Int
        let flagged: Int
        let duplicates: Int
    }
    struct PaymentRow: Encodable {
        let booked: String
        let amount: String
        let debtor: String
        let reference: String
        let message: String
        let flag: String?
        let canAssign: Bool
        let assignAction: String
        /// Nil for a collective booking waiting for its details: the sum of many payers' money is refunded by nobody.
        let refundAction: String?
        /// Set for a line that is nobody's money (`BankPayment.closableFlags`): closing it keeps it.
        let closeAction: String?
        /// A refused customer number on this row, and what was typed.
        let assignError: String?
        let assignValue: String
    }
    /// A return Kontor could not take back by itself, and why.
    struct ReturnRow: Encodable {
        let booked: String
        let amount: String
        let customer: String
        let debtor: String
        let reference: String
        let flag: String
        let handledAction: String
    }
    struct Page: Encodable {
        let layout: LayoutModel
        let imports: [ImportRow]
        let hasImports: Bool
        let payments: [PaymentRow]
        let hasPayments: Bool
        let returns: [ReturnRow]
        /// Payments marked for refund whose money has not gone back yet.
        let refunds: [RefundRow]
        let invoiceRows: [InvoiceLineRow]
        let directions: [Choice]
        let importAction: String
        let prepaidAction: String
        let invoiceAction: String
        let summary: BankStatementImporter.Summary?
        /// "These exact bytes were imported before …", when the summary is of a file recognised by its SHA-256.
        let sameFileText: String?
        let receivedText: [String]
        let form: FormState
        let refusal: String?
        let currencies: [String]
        /// Set while reminders are paused because the statements are not recent enough.
        let staleWarning: String?
        /// Per currency whose own statements are not recent while another's are (`StatementFreshness.heldCurrencies`).
        let heldCurrencies: [String]
        /// Statements the bank numbered that never arrived (`StatementNumbers`), each with "the bank never issued it".
        let missingStatements: [MissingRow]
        /// The keys rendered into the prepaid and invoice forms: each form, sent twice, books once.
        let prepaidKey: String
        let invoiceKey: String
        /// "For Lea Muster AG (100234)" when the page was opened from a customer's page (`?customer=`).
        let forCustomer: String?
    }
    struct MissingRow: Encodable {
        let text: String
        let account: String
        let first: String
        let last: String
        let action: String
    }
    struct NeverIssuedForm: Content {
        var account: String?
        var first: String?
        var last: String?
    }
    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    struct AssignForm: Content { var customer_number: String? }
    struct PrepaidForm: Content {
        var customer_number: String?
        var currency: String?
        var amount: String?
        var direction: String?
        var reason: String?
        /// Rendered into the form so that sending it twice books once (`FormSubmissions`).
        var idempotency_key: String?
        /// The customer page the form was opened from (`?customer=`), where the clerk returns after booking.
        var return_to: String?
    }
    struct InvoiceForm: Content {
        var customer_number: String?
        var currency: String?
        var description: [String]?
        var quantity: [String]?
        var unit_price: [String]?
        var vat: [String]?
        var note: String?
        /// Rendered into the form so that sending it twice issues one invoice (`FormSubmissions`).
        var idempotency_key: String?
        var return_to: String?
    }

    func register(_ billing: any RoutesBuilder) {
        billing.get(.staffBilling, use: show)
        billing.on(.POST, .staffBillingImport, body: .collect(maxSize: ByteCount(value: Self.maximumStatement)), use: upload)
        billing.get(.staffBillingImportStatus(SiteRoute.anyID), use: importStatus)
        billing.post(.staffBillingAssign(SiteRoute.anyID), use: assign)
        billing.post(.staffBillingRefund(SiteRoute.anyID), use: refund)
        billing.post(.staffBillingClose(SiteRoute.anyID), use: close)
        billing.post(.staffBillingReturnHandled(SiteRoute.anyID), use: returnHandled)
        billing.post(.staffBillingPrepaid, use: prepaid)
        billing.post(.staffBillingInvoice, use: invoice)
        billing.post(.staffBillingRefundDone(SiteRoute.anyID), use: refundDone)
        billing.post(.staffBillingRefundUndo(SiteRoute.anyID), use: refundUndo)
        billing.post(.staffBillingStatementsNeverIssued, use: statementsNeverIssued)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request)
    }

    /// The statement's summary is shown on the same page; a refused file says why and nothing of it is kept.
    func upload(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        // Read from the parts the CSRF check split the body into: a statement of many megabytes is parsed once.
        let form = try MultipartForm.of(request)
        if let count = form?.fileCount("statement"), count > 1 {
            return try await render(request, form: FormState(errors: ["statement": request.t("staff.billing.one_file_per_upload", ["count": String(count)])]))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        guard let file = form?.file("statement"), file.data.readableBytes > 0 else {
            return try await render(request, form: FormState(errors: ["statement": request.t("error.required")]))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        do {
            switch try await StatementUploadAnswer.upload(Data(file.data.readableBytesView), fileName: file.filename, staffID: staff.id, request: request) {
            case .done(let summary):
                request.logger.notice("Staff \(staff.email) imported \(file.filename): \(summary.transactions) transactions, \(summary.settled) settled")
                return try await render(request, summary: summary).encodeResponse(for: request)
            case .accepted(let status):
                // Longer than a page may wait: the import goes on by itself, and its own page shows how far it is.
                request.logger.notice("Staff \(staff.email) uploaded \(file.filename); its import \(status.id) goes on after the answer")
                return request.redirect(to: .staffBillingImportStatus(status.id))
            }
        } catch let refusal as BankStatementImporter.Refusal {
            let message = StatementImportFailure.refused(refusal).message(request.language, localizer: request.kontor.localizer)
            return try await render(request, refusal: message).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// An upload's import, from any server: while it runs, how many transactions it has read, and the page reloads
    /// itself every few seconds; then its summary, or why nothing was imported.
    func importStatus(_ request: Request) async throws -> View {
        let id = try request.id("uploadID")
        guard let status = try await request.kontor.statementImports.status(id, context: .init(request.application)) else { throw AppError.notFound }
        switch status.state {
        case .done:
            return try await render(request, summary: status.summary)
        case .failed:
            return try await render(request, refusal: (status.failure ?? .failed).message(request.language, localizer: request.kontor.localizer))
        case .running:
            // A page of its own, not the billing page: its reload every few seconds would wipe what staff type in the
            // billing page's prepaid and invoice forms meanwhile.
            return try await request.view.render("Staff/ImportRunning", ImportRunningPage(
                layout: await request.layout(title: request.t("staff.billing.title"), head: PageHead(refreshSeconds: 5)),
                importRunning: request.t("staff.billing.import_running", ["file": status.fileName, "count": String(status.transactionsRead)]),
                billingPath: SiteRoute.staffBilling.path))
        }
    }

    private struct ImportRunningPage: Encodable {
        let layout: LayoutModel
        let importRunning: String
        let billingPath: String
    }

    /// Credits the payment to the customer typed on its row; a missing or unknown number is said on that row, with
    /// the number kept. An unknown payment is 404, one decided already 409.
    func assign(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(AssignForm.self)
        let paymentID = try request.id("paymentID")
        let payments = UnidentifiedPayments(db: request.db, language: request.language)
        guard try await payments.queued(paymentID) != nil else { throw AppError.notFound }
        let typed = (form.customer_number ?? "").trimmedAsFoundation()
        func refused(_ messageKey: String) async throws -> Response {
            try await render(request, form: FormState(errors: ["assign": request.t(messageKey)]),
                             assignProblem: AssignProblem(paymentID: paymentID, message: request.t(messageKey), typed: typed))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        guard !typed.isEmpty else { return try await refused("error.required") }
        guard let number = Int64(typed),
              let organization = try await payments.assign(paymentID, toCustomer: number, staffID: try staff.requireID(), now: request.now) else {
            return try await refused("staff.billing.customer_unknown")
        }
        request.logger.notice("Staff \(staff.email) assigned payment \(paymentID) to customer \(number) (\(organization.name))")
        return request.redirect(to: .staffBilling, notice: "payment_assigned")
    }

    func returnHandled(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let paymentID = try request.id("paymentID")
        guard let payment = try await BankPayment.find(paymentID, on: request.db), payment.isReversal,
              payment.outcome == BankPayment.Outcome.flagged.rawValue else { throw AppError.notFound }
        try await UnidentifiedPayments(db: request.db).markHandled(paymentID, staffID: try staff.requireID(), now: request.now)
        request.logger.notice("Staff \(staff.email) marked returned payment \(paymentID) as dealt with")
        return request.redirect(to: .staffBilling, notice: "return_handled")
    }

    /// Staff confirm the bank never issued statements shown missing: the gap closes, reminders no longer wait for it.
    /// Only a gap shown now can be confirmed; one imported or confirmed meanwhile (a second click) is said so.
    func statementsNeverIssued(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(NeverIssuedForm.self)
        guard let account = form.account, !account.isEmpty, let first = form.first.flatMap(StatementSequence.number),
              let last = form.last.flatMap(StatementSequence.number), first <= last else {
            return request.redirect(to: .staffBilling, notice: "statements_not_missing")
        }
        do {
            try await StatementNumbers(db: request.db).confirmNeverIssued(account: account, first: first, last: last, staffID: try staff.requireID(), now: request.now)
        } catch StatementNumbers.ConfirmError.notMissing {
            return request.redirect(to: .staffBilling, notice: "statements_not_missing")
        }
        request.logger.notice("Staff \(staff.email) confirmed statements \(first)–\(last) of account \(account) were never issued")
        return request.redirect(to: .staffBilling, notice: "statements_never_issued")
    }

    /// Credit or debit with a reason; a debit the balance does not cover is refused by the ledger (409, the form kept).
    /// The direction is exactly `credit` or `debit`: anything else is an error on the field, never a credit.
    func prepaid(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(PrepaidForm.self)
        var errors: [String: String] = [:]
        let customerNumber = (form.customer_number ?? "").trimmedAsFoundation()
        let organization = try await Self.organization(customerNumber: customerNumber, on: request.db)
        if customerNumber.isEmpty { errors["customer_number"] = request.t("error.required") }
        else if organization == nil { errors["customer_number"] = request.t("staff.billing.customer_unknown") }
        // Only a currency the provider has an account in: no invoice could ever use a balance in another, and it would
        // stand in the way of closing the account.
        let known = form.currency.flatMap { Currency.known[$0] }
        let currency = known.flatMap { request.kontor.config.billing.accounts[$0] == nil ? nil : $0 }
        if known == nil { errors["currency"] = request.t("error.billing.currency_unknown") }
        else if currency == nil { errors["currency"] = request.t("error.billing.currency_unavailable") }
        var amount: Money?
        if let currency, case .success(let money) = Money.parse(form.amount ?? "", currency: currency), money.isPositive {
            // No booking larger than the largest invoice a QR-bill can carry: an account number pasted into the amount had
            // become spendable credit of billions (security probe round 8).
            if money.minorUnits > InvoiceIssuer.maximumTotalMinor { errors["amount"] = request.t("error.billing.amount_too_large") } else { amount = money }
        } else { errors["amount"] = request.t("staff.billing.amount_invalid") }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors["reason"] = request.t("error.required") } else if reason.count > 200 { errors["reason"] = request.t("error.too_long") }
        // The customer reads the reason beside the booking: nothing that disguises it.
        else if let invisible = TextCharacters.firstInvisible(in: reason) {
            errors["reason"] = request.t("error.invalid_characters", ["character": TextCharacters.codePoint(invisible)])
        }
        let direction = form.direction ?? ""
        if !["credit", "debit"].contains(direction) { errors["direction"] = request.t("staff.billing.direction_unknown") }
        let key = try? IdempotencyKey.validated(form.idempotency_key, field: "idempotency_key", messageKey: "staff.billing.form_expired")
        let debit = direction == "debit"
        var values = ["customer_number": form.customer_number ?? "", "amount": form.amount ?? "", "reason": reason, "currency": form.currency ?? "",
                      "direction": direction, "return_to": form.return_to ?? ""]
        guard errors.isEmpty, let organization, let amount else {
            values["idempotency_key"] = key ?? ""
            return try await render(request, form: FormState(errors: errors, values: values)).encodeResponse(status: .unprocessableEntity, for: request)
        }
        guard let key else {
            // Only a page from before the key (or no page at all) sends none: the values come back with a fresh key.
            return try await render(request, form: FormState(message: request.t("staff.billing.form_expired"), values: values))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        let booked: (id: UUID, isReplay: Bool)
        do {
            let organizationID = try organization.requireID(), now = request.now
            let posting = PrepaidLedger.Posting(kind: debit ? .staffDebit : .staffCredit, amount: debit ? amount.negated : amount,
                                                staffID: staff.id, reason: reason)
            // Sent twice (a double click, a resend, two servers each receiving a copy), it books once.
            booked = try await FormSubmissions(db: request.db).run(
                scope: "staff:\(try staff.requireID())", key: key,
                values: ["form": "prepaid", "organization": organizationID.uuidString, "amount": String(posting.amount.minorUnits),
                         "currency": posting.amount.currency.code, "reason": reason],
                now: now) { db in
                try await db.lockForUpdate(Organization.self, id: organizationID)
                return try await PrepaidLedger.post(posting, to: organizationID, now: now, on: db).requireID()
            }
        } catch is FormSubmissions.OtherValues {
            // The first booking stands; the page comes back with the values and a fresh key for a deliberate second one.
            return try await render(request, form: FormState(message: request.t("staff.billing.form_used"), values: values))
                .encodeResponse(status: .conflict, for: request)
        } catch AppError.refused(let messageKey) {
            // The balance as it is now refuses it (409), or the amount is beyond what the ledger holds (422): on the amount.
            let status: HTTPResponseStatus = messageKey == "error.billing.insufficient_balance" ? .conflict : .unprocessableEntity
            values["idempotency_key"] = key
            return try await render(request, form: FormState(errors: ["amount": request.t(messageKey)], values: values))
                .encodeResponse(status: status, for: request)
        }
        if !booked.isReplay {
            request.logger.notice("Staff \(staff.email) \(debit ? "debited" : "credited") \(amount) to customer \(organization.customerNumber ?? 0): \(reason)")
        }
        return Self.done(request, notice: "prepaid_booked", returnTo: form.return_to, organization: organization)
    }

    /// After a booking or an invoice: back to the customer's page when the form was opened from it (and is about the
    /// same customer), otherwise to the billing page.
    static func done(_ request: Request, notice: String, returnTo: String?, organization: Organization) -> Response {
        if let returnTo, let id = UUID(uuidString: returnTo), id == organization.id {
            return request.redirect(to: .staffCustomer(id), notice: notice)
        }
        return request.redirect(to: .staffBilling, notice: notice)
    }

    static func organization(customerNumber text: String?, on db: any Database) async throws -> Organization? {
        guard let number = text.flatMap({ Int64($0.trimmedAsFoundation()) }) else { return nil }
        return try await Organization.query(on: db).filter(\.$customerNumber == number).first()
    }

    /// A bank payment's amount as staff read it: formatted in their language, or as the file wrote it when it is not an
    /// exact amount of a known currency.
    static func shownAmount(_ payment: BankPayment, _ language: Language) -> String {
        payment.amountMinor.flatMap { minor in Currency(code: payment.currencyCode).map { MoneyFormatting.format(Money(minorUnits: minor, currency: $0), language) } }
            ?? "\(payment.currencyCode) \(payment.amountText)"
    }

    /// Who paid, as the bank named them: name and account.
    static func payer(_ payment: BankPayment) -> String {
        [payment.debtorName, payment.debtorIBAN].compactMap { $0 }.joined(separator: " · ")
    }

    /// A customer number refused on one payment's row, shown there with what was typed.
    struct AssignProblem {
        let paymentID: UUID
        let message: String
        let typed: String
    }

    func render(_ request: Request, summary: BankStatementImporter.Summary? = nil, form given: FormState = FormState(), refusal: String? = nil,
                invoiceRows: [InvoiceLineRow]? = nil, assignProblem: AssignProblem? = nil) async throws -> View {
        var form = given
        // Opened from a customer's page: both forms name that customer, and return there once done.
        var forCustomer: String?
        let returnTo = form.values["return_to"].flatMap(UUID.init(uuidString:))
        let prefilled = request.query[String.self, at: "customer"]
        var customer = try await Self.organization(customerNumber: prefilled, on: request.db)
        if customer == nil, let returnTo { customer = try await Organization.find(returnTo, on: request.db) }
        if let customer, let number = customer.customerNumber,
           [nil, String(number)].contains(form.values["customer_number"]) {
            forCustomer = request.t("staff.billing.for_customer", ["name": customer.name, "number": String(number)])
            form.values["return_to"] = customer.id?.uuidString
            if form.values["customer_number"] == nil { form.values["customer_number"] = String(number) }
            if form.values["invoice_customer_number"] == nil { form.values["invoice_customer_number"] = String(number) }
        }
        let imports = try await BankStatementImport.query(on: request.db).sort(\.$importedAt, .descending).limit(20).all()
        let waiting = try await UnidentifiedPayments(db: request.db).waiting()
        let returns = try await UnidentifiedPayments(db: request.db).returnsToCheck()
        let customers = Dictionary(uniqueKeysWithValues: try await Organization.query(on: request.db)
            .filter(\.$id ~~ Set(returns.compactMap(\.organizationID))).all().map { organization in
                (organization.id!, organization.customerNumber.map { "\(organization.name) (\($0))" } ?? organization.name)
            })
        let language = request.language
        let config = request.kontor.config.billing
        let paymentsCountedUntil = try await StatementFreshness.paymentsCountedUntil(on: request.db)
        let staleWarning: String? = if let paymentsCountedUntil {
            config.days(from: paymentsCountedUntil, to: config.day(of: request.now)) > config.statementMaxAgeDays
                ? request.t("staff.billing.stale", ["date": DayFormatting.format(paymentsCountedUntil, language)]) : nil
        } else {
            request.t("staff.billing.never_imported")
        }
        let heldCurrencies = try await StatementFreshness.heldCurrencies(on: request.db, billing: config, today: config.day(of: request.now)).map { held in
            held.until.map { request.t("staff.billing.stale_currency", ["currency": held.currency, "date": DayFormatting.format($0, language)]) }
                ?? request.t("staff.billing.never_imported_currency", ["currency": held.currency])
        }
        let missing = try await StatementNumbers(db: request.db).missing().map { missing in
            MissingRow(text: missing.text(language, localizer: request.kontor.localizer), account: missing.account,
                       first: String(missing.gap.first), last: String(missing.gap.last), action: SiteRoute.staffBillingStatementsNeverIssued.path)
        }
        return try await request.view.render("Staff/Billing", Page(
            layout: await request.layout(title: request.t("staff.billing.title")),
            imports: imports.map {
                ImportRow(importedAt: $0.importedAt, fileName: $0.fileName, kind: "\($0.kind) \($0.version)", transactions: $0.transactions,
                          settled: $0.settled, prepaid: $0.prepaid, unidentified: $0.unidentified, flagged: $0.flagged, duplicates: $0.duplicates)
            },
            hasImports: !imports.isEmpty,
            payments: waiting.map { payment in
                PaymentRow(booked: payment.bookingDate.map { DayFormatting.format($0, language) } ?? "",
                           amount: Self.shownAmount(payment, language),
                           debtor: Self.payer(payment),
                           reference: payment.reference ?? "", message: payment.message ?? "",
                           flag: payment.flag.map { request.t("staff.billing.flag.\($0)") },
                           canAssign: payment.canBeCredited,
                           assignAction: SiteRoute.staffBillingAssign(payment.id!).path, refundAction: payment.canBeRefunded ? SiteRoute.staffBillingRefund(payment.id!).path : nil,
                           closeAction: payment.canBeClosed ? SiteRoute.staffBillingClose(payment.id!).path : nil,
                           assignError: assignProblem?.paymentID == payment.id ? assignProblem?.message : nil,
                           assignValue: assignProblem?.paymentID == payment.id ? assignProblem?.typed ?? "" : "")
            },
            hasPayments: !waiting.isEmpty,
            returns: returns.map { payment in
                ReturnRow(booked: payment.bookingDate.map { DayFormatting.format($0, language) } ?? "",
                          amount: Self.shownAmount(payment, language),
                          customer: payment.organizationID.flatMap { customers[$0] } ?? "",
                          debtor: Self.payer(payment),
                          reference: payment.reference ?? "", flag: payment.flag.map { request.t("staff.billing.flag.\($0)") } ?? "",
                          handledAction: SiteRoute.staffBillingReturnHandled(payment.id!).path)
            },
            refunds: try await Self.refundRows(request),
            invoiceRows: invoiceRows ?? Array(repeating: InvoiceLineRow(), count: Self.blankInvoiceRows),
            directions: ["credit", "debit"].map { Choice(value: $0, label: request.t("prepaid.kind.staff_\($0)"), selected: form.values["direction"] == $0) },
            importAction: SiteRoute.staffBillingImport.path, prepaidAction: SiteRoute.staffBillingPrepaid.path,
            invoiceAction: SiteRoute.staffBillingInvoice.path, summary: summary,
            sameFileText: summary.flatMap { summary in
                summary.sameFileImportedAt.map { at in
                    request.t("staff.billing.same_file", ["file": summary.sameFileName ?? summary.fileName,
                                                          "date": DayFormatting.format(config.day(of: at), language)])
                }
            },
            receivedText: (summary?.received ?? [:]).sorted { $0.key < $1.key }.compactMap { code, minor in
                Currency(code: code).map { MoneyFormatting.format(Money(minorUnits: minor, currency: $0), language) }
            },
            form: form, refusal: refusal, currencies: request.kontor.config.billing.accounts.keys.map(\.code).sorted(), staleWarning: staleWarning, heldCurrencies: heldCurrencies,
            missingStatements: missing,
            prepaidKey: form.values["idempotency_key"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString,
            invoiceKey: form.values["invoice_idempotency_key"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString,
            forCustomer: forCustomer))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
