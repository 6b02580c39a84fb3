import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/staff/…`: what the staff billing page does, for the provider's own systems, with a staff token
/// (administrators and the billing role). Each handler decodes, calls the same service as the page, and maps the
/// result; every decision records the staff member behind the token.
struct StaffBillingAPIController {
    /// The answer is encoded here rather than by Vapor, so that a replay can send the stored bytes; dates as
    /// `configure` sets them for every JSON answer.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    func register(_ billing: any RoutesBuilder) {
        billing.post(.api(.staffInvoices), use: issueInvoice)
        billing.post(.api(.staffInvoiceCreditNotes(SiteRoute.anyID)), use: issueCreditNote)
        billing.on(.POST, .api(.staffBankStatements), body: .collect(maxSize: ByteCount(value: StaffBillingController.maximumStatement)),
                   use: importStatement)
        billing.get(.api(.staffBankStatementImport(SiteRoute.anyID)), use: statementImport)
        billing.get(.api(.staffUnidentifiedPayments), use: unidentified)
        billing.post(.api(.staffUnidentifiedPaymentAssignment(SiteRoute.anyID)), use: assign)
        billing.post(.api(.staffUnidentifiedPaymentRefund(SiteRoute.anyID)), use: refund)
        billing.post(.api(.staffUnidentifiedPaymentClose(SiteRoute.anyID)), use: close)
        billing.post(.api(.staffReminderRuns), use: runReminders)
        billing.get(.api(.staffReturnsToCheck), use: returnsToCheck)
        billing.get(.api(.staffMissingStatements), use: missingStatements)
        billing.post(.api(.staffMissingStatementsNeverIssued), use: statementsNeverIssued)
        billing.post(.api(.staffReturnHandled(SiteRoute.anyID)), use: returnHandled)
        billing.on(.DELETE, .api(.staffUnidentifiedPaymentRefund(SiteRoute.anyID)), use: undoRefund)
        billing.get(.api(.staffRefundsToExecute), use: refundsToExecute)
        billing.post(.api(.staffRefundExecuted(SiteRoute.anyID)), use: refundExecuted)
    }

    /// 201 with the invoice. With `Idempotency-Key`, a retry gets the first answer again (`Idempotent-Replayed: true`).
    func issueInvoice(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.StaffInvoiceRequest.self)
        let config = request.kontor.config.billing
        let drafts = StaffInvoiceDrafts(db: request.db, config: config)
        var errors: [FieldError] = []
        let currency = drafts.currency(body.currency)
        if case .failure(let error) = currency { errors.append(error) }
        let (lines, lineErrors) = drafts.lines(body.lines, currency: try? currency.get())
        errors += lineErrors.isEmpty ? StaffInvoiceDrafts.zeroTotal(lines) : lineErrors
        var named: Organization?
        do { named = try await drafts.organization(customerNumber: body.customerNumber, id: body.organizationId) }
        catch let failure as ValidationFailure { errors = failure.errors + errors }
        try ValidationFailure.check(errors)
        guard let organization = named else { throw AppError.notFound }
        let draft = InvoiceIssuer.Draft(
            organizationID: try organization.requireID(), currency: try currency.get(), lines: lines,
            language: try await Organization.documentLanguage(of: organization.requireID(), default: request.kontor.config.defaultLanguage, on: request.db),
            issuedByStaffID: staff.id, note: body.note.flatMap { $0.isEmpty ? nil : $0 })
        let issuer = request.invoiceIssuer
        let now = request.now
        let issue: @Sendable (any Database) async throws -> (invoiceID: UUID, body: String) = { db in
            let invoice = try await issuer.issue(draft, now: now, on: db)
            let detail = try await BillingAPIController.detail(invoice, queries: InvoiceQueries(db: db, config: config), today: config.day(of: now))
            return (try invoice.requireID(), String(decoding: try Self.encoder.encode(detail), as: UTF8.self))
        }
        let answer = try await Self.answer(request, staff: staff, issuer: issuer, organizationID: draft.organizationID, hashing: [], issue: issue)
        request.logger.notice("Staff \(staff.email) issued an invoice through the staff API\(answer.isReplay ? " (replayed)" : "")")
        return Self.response(answer)
    }

    /// Issues through `issue` once per `Idempotency-Key` when the request has one (`IdempotentIssue`: the same key and
    /// request get the first answer again, another request with the key is 422), else once per request. `hashing`
    /// comes before the body in what must match: the path's own part of the request (the invoice a credit note is for).
    static func answer(_ request: Request, staff: StaffMember, issuer: InvoiceIssuer, organizationID: UUID, hashing prefix: [UInt8],
                       issue: @escaping @Sendable (any Database) async throws -> (invoiceID: UUID, body: String)) async throws -> IdempotentIssue.Answer {
        let now = request.now
        guard let key = request.headers.first(name: "Idempotency-Key") else {
            let db = request.db
            let (_, body) = try await issuer.queued(for: organizationID) { try await db.transaction { db in try await issue(db) } }
            return .init(status: 201, body: body, isReplay: false)
        }
        try IdempotentIssue.validate(key)
        let body = Array(request.body.data?.readableBytesView ?? ByteBuffer().readableBytesView)
        let idempotent = IdempotentIssue(db: request.db, staffID: try staff.requireID(), key: key,
                                         requestHash: IdempotentIssue.requestHash(prefix: prefix, json: body),
                                         legacyRequestHash: IdempotentIssue.hash(prefix + body))
        return try await issuer.queued(for: organizationID) { try await idempotent.run(now: now, issue: issue) }
    }

    static func response(_ answer: IdempotentIssue.Answer) -> Response {
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
        if answer.isReplay { headers.add(name: "Idempotent-Replayed", value: "true") }
        return Response(status: .init(statusCode: answer.status), headers: headers, body: .init(string: answer.body))
    }

    /// 201 with the credit note; lines may credit part of the invoice, never more than it (422 on `lines`).
    func issueCreditNote(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.StaffCreditNoteRequest.self)
        let config = request.kontor.config.billing
        let invoiceID = try request.id("invoiceID")
        guard let invoice = try await Invoice.find(invoiceID, on: request.db), !invoice.isCreditNote else { throw AppError.notFound }
        let (lines, errors) = StaffInvoiceDrafts(db: request.db, config: config).lines(body.lines, currency: invoice.currency)
        try ValidationFailure.check(errors)
        let issuer = request.invoiceIssuer
        let now = request.now, note = body.note.flatMap { $0.isEmpty ? nil : $0 }
        let issue: @Sendable (any Database) async throws -> (invoiceID: UUID, body: String) = { db in
            let credit = try await issuer.issueCreditNote(for: invoiceID, lines: lines, staffID: staff.id, note: note, now: now, on: db)
            let detail = try await BillingAPIController.detail(credit, queries: InvoiceQueries(db: db, config: config), today: config.day(of: now))
            return (try credit.requireID(), String(decoding: try Self.encoder.encode(detail), as: UTF8.self))
        }
        // A retry of a partial credit note would credit the invoice twice: with a key it credits once. The key is
        // bound to the invoice too, so the same body sent with it for another invoice is refused, not replayed.
        let answer = try await Self.answer(request, staff: staff, issuer: issuer, organizationID: invoice.$organization.id,
                                           hashing: Array("credit-note \(invoiceID)\n".utf8), issue: issue)
        request.logger.notice("Staff \(staff.email) issued a credit note for \(invoice.number) through the staff API\(answer.isReplay ? " (replayed)" : "")")
        return Self.response(answer)
    }

    /// The body is the camt XML itself; the answer is the import's summary. A malformed or test file is a 422 naming
    /// the place, and nothing of it is imported; the same file again changes nothing (each bank reference once).
    /// An import that takes longer than the configured wait goes on by itself: 202 with its state and a `Location` to
    /// ask again (`statementImport`); the same bytes sent again meanwhile join it.
    func importStatement(_ request: Request) async throws -> Response {
        let staff = try request.staffTokenIdentity().staff
        guard let type = request.headers.contentType, type == .xml || (type.type == "text" && type.subType == "xml") else {
            throw Abort(.unsupportedMediaType)
        }
        guard let body = request.body.data, body.readableBytes > 0 else {
            throw ValidationFailure([FieldError(field: "body", messageKey: "error.required")])
        }
        let fileName = try request.optionalQuery("fileName") ?? "staff-api.xml"
        if fileName.count > 200 { throw ValidationFailure([FieldError(field: "fileName", messageKey: "error.too_long")]) }
        let result = try await StatementUploadAnswer.upload(Data(body.readableBytesView), fileName: fileName, staffID: staff.id, request: request)
        switch result {
        case .done(let summary):
            request.logger.notice("Staff \(staff.email) imported \(fileName) through the staff API: \(summary.transactions) transactions")
            return try await APIModels.statementSummary(summary, request.language, localizer: request.kontor.localizer).encodeResponse(for: request)
        case .accepted(let status):
            request.logger.notice("Staff \(staff.email) uploaded \(fileName) through the staff API; its import \(status.id) goes on after the answer")
            let response = try await APIModels.statementImportStatus(status, request.language, localizer: request.kontor.localizer)
                .encodeResponse(status: .accepted, for: request)
            response.headers.replaceOrAdd(name: .location, value: SiteRoute.api(.staffBankStatementImport(status.id)).path)
            response.headers.replaceOrAdd(name: "Retry-After", value: "5")
            return response
        }
    }

    /// An upload's import: `running` (with the transactions read so far), `done` (with the summary the upload would
    /// have answered) or `failed` (the error the upload would have answered, or `statement_import_interrupted` when
    /// its server stopped). Any server answers; 404 for an id no upload has.
    func statementImport(_ request: Request) async throws -> Response {
        _ = try request.staffTokenIdentity()
        let id = try request.id("uploadID")
        guard let status = try await request.kontor.statementImports.status(id, context: .init(request.application)) else { throw AppError.notFound }
        let response = try await APIModels.statementImportStatus(status, request.language, localizer: request.kontor.localizer).encodeResponse(for: request)
        if status.state == .running { response.headers.replaceOrAdd(name: "Retry-After", value: "5") }
        return response
    }

    /// The payments waiting for a decision, oldest first (`?limit=50&offset=0`, limit at most 200).
    func unidentified(_ request: Request) async throws -> APIModels.UnidentifiedPayments {
        let page = try OffsetPage(request)
        let payments = try await UnidentifiedPayments(db: request.db).waiting(limit: page.limit, offset: page.offset)
        return .init(items: payments.map(APIModels.unidentifiedPayment), limit: page.limit, offset: page.offset)
    }

    /// Credits the payment to the organization's prepaid account: 200 with the decided payment, 409 if decided already.
    func assign(_ request: Request) async throws -> APIModels.UnidentifiedPayment {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.StaffAssignmentRequest.self)
        let payments = UnidentifiedPayments(db: request.db, language: request.language)
        let paymentID = try request.id("paymentID")
        guard try await payments.queued(paymentID) != nil else { throw AppError.notFound }
        let organization = try await StaffInvoiceDrafts(db: request.db, config: request.kontor.config.billing)
            .organization(customerNumber: body.customerNumber, id: body.organizationId)
        try await payments.assign(paymentID, to: organization, staffID: try staff.requireID(), now: request.now)
        request.logger.notice("Staff \(staff.email) assigned payment \(paymentID) to \(organization.name) through the staff API")
        return try await decided(paymentID, payments)
    }

    /// Marks the payment to be paid back: 200 with the decided payment, 409 if decided already.
    func refund(_ request: Request) async throws -> APIModels.UnidentifiedPayment {
        try await queueStep(request, .paymentMarkedForRefund, logged: "marked payment %@ for refund") { payments, id, staff, audit in
            try await payments.markForRefund(id, staffID: try staff.requireID(), now: request.now, audit: audit)
        }
    }

    /// Closes a line that is nobody's money (`BankPayment.closableFlags`): 200 with the decided payment, 409
    /// `payment_not_closable` for a customer's payment, `payment_decided` if decided already.
    func close(_ request: Request) async throws -> APIModels.UnidentifiedPayment {
        try await queueStep(request, .paymentClosed, logged: "closed payment %@ as no customer's money") { payments, id, staff, audit in
            try await payments.close(id, staffID: try staff.requireID(), now: request.now, audit: audit)
        }
    }

    /// Takes back a mistaken refund mark: 200 with the payment, waiting for a decision again; 409 `refund_not_waiting`
    /// when it is not marked for refund (never marked, refunded already, or returned by the bank).
    func undoRefund(_ request: Request) async throws -> APIModels.UnidentifiedPayment {
        try await queueStep(request, .paymentRefundUndone, logged: "took back the refund mark of payment %@") { payments, id, _, audit in
            try await payments.undoRefund(id, audit: audit)
        }
    }

    /// One step on a payment of the staff queues: 404 for a payment that is not in them, the step audited as `kind` in
    /// its transaction, logged, and answered with the payment as it now is.
    private func queueStep(_ request: Request, _ kind: SecurityEventKind, logged: String,
                           _ step: (UnidentifiedPayments, UUID, StaffMember, @escaping @Sendable (any Database, BankPayment) async throws -> Void) async throws -> Void)
        async throws -> APIModels.UnidentifiedPayment {
        let staff = try request.staffTokenIdentity().staff
        let payments = UnidentifiedPayments(db: request.db)
        let paymentID = try request.id("paymentID")
        guard try await payments.queued(paymentID) != nil else { throw AppError.notFound }
        try await step(payments, paymentID, staff, RefundAudit.writer(kind, request: request, staffID: staff.id))
        request.logger.notice("Staff \(staff.email) \(logged.replacingOccurrences(of: "%@", with: paymentID.uuidString)) through the staff API")
        return try await decided(paymentID, payments)
    }

    /// Payments marked for refund whose money has not gone back yet, the longest waiting first (`?limit=50&offset=0`).
    func refundsToExecute(_ request: Request) async throws -> APIModels.RefundsToExecute {
        let page = try OffsetPage(request)
        let refunds = try await UnidentifiedPayments(db: request.db).refundsToExecute(limit: page.limit, offset: page.offset)
        let names = try await RefundAudit.staffNames(of: refunds, on: request.db)
        return .init(items: refunds.map { APIModels.refundToExecute($0, names: names) }, limit: page.limit, offset: page.offset)
    }

    /// Records that the money went back to the payer: 200 with the refund (`refunded: true`), 409 `refund_not_waiting`
    /// the second time or when the mark was taken back.
    func refundExecuted(_ request: Request) async throws -> APIModels.RefundToExecute {
        let staff = try request.staffTokenIdentity().staff
        let payments = UnidentifiedPayments(db: request.db)
        let paymentID = try request.id("paymentID")
        guard try await payments.queued(paymentID) != nil else { throw AppError.notFound }
        try await payments.recordRefunded(paymentID, audit: RefundAudit.writer(.paymentRefunded, request: request, staffID: staff.id))
        request.logger.notice("Staff \(staff.email) recorded the refund of payment \(paymentID) through the staff API")
        guard let refunded = try await payments.queued(paymentID) else { throw AppError.notFound }
        return APIModels.refundToExecute(refunded, names: try await RefundAudit.staffNames(of: [refunded], on: request.db))
    }

    /// Returns Kontor could not compensate by itself, oldest first, as the staff page lists them.
    func returnsToCheck(_ request: Request) async throws -> APIModels.ReturnsToCheck {
        let limit = try request.optionalQuery("limit").map { Int($0) } ?? 50
        if limit.map({ !(1...200).contains($0) }) ?? true { try ValidationFailure.check([FieldError(field: "limit", messageKey: "error.billing.limit")]) }
        let returns = try await UnidentifiedPayments(db: request.db).returnsToCheck(limit: limit!)
        return .init(items: returns.map(APIModels.returnToCheck), limit: limit!)
    }

    /// Records that the staff member behind the token dealt with the return: 200 with it, 409 the second time.
    func returnHandled(_ request: Request) async throws -> APIModels.ReturnToCheck {
        let staff = try request.staffTokenIdentity().staff
        let paymentID = try request.id("paymentID")
        guard let payment = try await BankPayment.find(paymentID, on: request.db), payment.isReversal, payment.outcome == BankPayment.Outcome.flagged.rawValue else {
            throw AppError.notFound
        }
        try await UnidentifiedPayments(db: request.db).markHandled(paymentID, staffID: try staff.requireID(), now: request.now)
        request.logger.notice("Staff \(staff.email) marked returned payment \(paymentID) as dealt with through the staff API")
        guard let handled = try await BankPayment.find(paymentID, on: request.db) else { throw AppError.notFound }
        return APIModels.returnToCheck(handled)
    }

    /// The statements the bank numbered that never arrived, per account, oldest first.
    func missingStatements(_ request: Request) async throws -> APIModels.MissingStatements {
        let missing = try await StatementNumbers(db: request.db).missing()
        return .init(items: missing.map { APIModels.missingStatement($0, request.language, localizer: request.kontor.localizer) })
    }

    /// Staff confirm the bank never issued statements `first`…`last` of `account`, exactly as listed: 200 with what is
    /// still missing; 409 when they are not missing (imported or confirmed meanwhile, never missing, or not a range
    /// listed, `last` before `first` among them).
    func statementsNeverIssued(_ request: Request) async throws -> APIModels.MissingStatements {
        let staff = try request.staffTokenIdentity().staff
        let body = try request.content.decode(APIModels.NeverIssuedRequest.self)
        var errors: [FieldError] = []
        if (body.account ?? "").isEmpty { errors.append(FieldError(field: "account", messageKey: "error.required")) }
        if (body.first ?? -1) < 0 { errors.append(FieldError(field: "first", messageKey: "error.billing.statement_number")) }
        if (body.last ?? -1) < 0 { errors.append(FieldError(field: "last", messageKey: "error.billing.statement_number")) }
        try ValidationFailure.check(errors)
        do {
            try await StatementNumbers(db: request.db).confirmNeverIssued(account: body.account!, first: body.first!, last: body.last!,
                                                                         staffID: try staff.requireID(), now: request.now)
        } catch StatementNumbers.ConfirmError.notMissing {
            throw AppError.conflict(messageKey: "error.billing.statements_not_missing")
        }
        request.logger.notice("Staff \(staff.email) confirmed statements \(body.first!)–\(body.last!) of account \(body.account!) were never issued through the staff API")
        return try await missingStatements(request)
    }

    /// Today's reminder run, as `kontor billing remind` does it; a second run on the same day sends nothing.
    func runReminders(_ request: Request) async throws -> APIModels.ReminderRunReport {
        let staff = try request.staffTokenIdentity().staff
        let report = try await request.application.reminderRun().run()
        request.logger.notice("Staff \(staff.email) started the reminder run through the staff API: \(report.sent.values.reduce(0, +)) sent")
        return APIModels.reminderRunReport(report)
    }

    private func decided(_ id: UUID, _ payments: UnidentifiedPayments) async throws -> APIModels.UnidentifiedPayment {
        guard let payment = try await payments.queued(id) else { throw AppError.notFound }
        return APIModels.unidentifiedPayment(payment)
    }
}
