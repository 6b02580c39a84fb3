import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Staff API: the staff billing page's work for the provider's systems, with a staff token")
struct StaffAPITests {
    static func invoiceJSON(customer number: Int64, currency: String = "CHF", price: Int64 = 15_000, quantity: Int = 2, vat: String = "standard") -> String {
        #"{"customerNumber":\#(number),"currency":"\#(currency)","note":"As agreed","lines":[{"description":"Migration service","quantity":\#(quantity),"unitPrice":{"amountMinor":\#(price),"currency":"\#(currency)"},"vat":"\#(vat)"}]}"#
    }

    /// An organization with a billing address, ready to be invoiced, and its customer number.
    static func customer(_ app: Application, _ name: String = "Ana") async throws -> (Organization, Int64) {
        let organization = try await BankImportTests.customer(app, name)
        try await InvoiceTests.ensureAddress(app, organization.requireID())
        return (organization, try #require(organization.customerNumber))
    }

    @Test("POST /staff/invoices issues through the one issuer: 201 with the invoice, VAT per rate, the staff member recorded, the notice queued")
    func issueInvoice() async throws {
        try await withTestApp { app, _ in
            let (organization, number) = try await Self.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let response = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number))
            #expect(response.status == .created)
            let invoice = try response.content.decode(APIModels.InvoiceDetail.self)
            #expect(invoice.total.amountMinor == 32_430 && invoice.total.currency == "CHF" && invoice.customerNumber == number)
            #expect(invoice.lines.count == 1 && invoice.vat.first?.rate == "8.1" && invoice.status == "open")
            let stored = try #require(try await Invoice.find(invoice.id, on: app.db))
            #expect(stored.issuedByStaffID != nil && stored.note == "As agreed" && stored.$organization.id == organization.id)
            #expect(try await InvoiceNoticeTests.notices(app).count == 1)

            let byID = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json:
                #"{"organizationId":"\#(organization.id!)","currency":"CHF","lines":[{"description":"Domain","unitPrice":{"amountMinor":1500,"currency":"CHF"},"vat":"none"}]}"#)
            #expect(byID.status == .created)
            #expect(try byID.content.decode(APIModels.InvoiceDetail.self).total.amountMinor == 1_500)
        }
    }

    @Test("bad input is a 422 naming every field, and nothing is written")
    func invalidInvoice() async throws {
        try await withTestApp { app, _ in
            let (_, number) = try await Self.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .administrator)
            let cases: [(String, Set<String>)] = [
                (#"{"currency":"CHF","lines":[]}"#, ["customerNumber", "lines"]),
                (#"{"customerNumber":999999,"currency":"XYZ","lines":[{"description":"A","unitPrice":{"amountMinor":100,"currency":"CHF"},"vat":"luxury"}]}"#,
                 ["customerNumber", "currency", "lines[0].vat"]),
                (Self.invoiceJSON(customer: number, price: 100).replacingOccurrences(of: #""currency":"CHF"},"#, with: #""currency":"EUR"},"#),
                 ["lines[0].unitPrice"]),
                (Self.invoiceJSON(customer: number, quantity: 0).replacingOccurrences(of: "Migration service", with: " "),
                 ["lines[0].description", "lines[0].quantity"]),
                (#"{"organizationId":"\#(UUID())","currency":"CHF","lines":[{"description":"A","unitPrice":{"amountMinor":100,"currency":"CHF"}}]}"#,
                 ["organizationId"]),
                // A right-to-left override in what the invoice prints could disguise what is billed.
                (Self.invoiceJSON(customer: number, price: 100).replacingOccurrences(of: "Migration service", with: #"Migration \u202Eecivres"#),
                 ["lines[0].description"]),
            ]
            for (json, fields) in cases {
                let response = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: json)
                #expect(response.status == .unprocessableEntity, "\(json) answered \(response.status)")
                #expect(try Scenario.apiFields(response) == fields, "\(json) named \(try? Scenario.apiFields(response))")
            }
            let wrongType = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: #"{"customerNumber":"one"}"#)
            #expect(wrongType.status == .badRequest && (try? Scenario.apiFields(wrongType)) == ["customerNumber"])
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await InvoiceNoticeTests.notices(app).isEmpty)
        }
    }

    @Test("with an Idempotency-Key a retry returns the same invoice, byte for byte, and issues nothing, however its JSON is ordered or spaced; another body with that key is refused")
    func idempotentIssue() async throws {
        try await withTestApp { app, _ in
            let (_, number) = try await Self.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let key: HTTPHeaders = ["Idempotency-Key": "order-4711"]
            let first = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
            let retry = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
            #expect(first.status == .created && retry.status == .created)
            #expect(retry.body.string == first.body.string && retry.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(first.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await Invoice.query(on: app.db).count() == 1)

            // A client library's retry may order the keys and space the JSON its own way: still the same request.
            let reordered = #"{ "lines": [{"vat":"standard","unitPrice":{"currency":"CHF","amountMinor":15000},"quantity":2,"description":"Migration service"}],"note":"As agreed", "currency":"CHF","customerNumber":\#(number) }"#
            let rewritten = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: reordered, headers: key)
            #expect(rewritten.status == .created && rewritten.body.string == first.body.string && rewritten.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await Invoice.query(on: app.db).count() == 1)

            let other = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number, price: 1), headers: key)
            #expect(other.status == .unprocessableEntity && (try? Scenario.apiFields(other)) == ["Idempotency-Key"])
            let bad = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number),
                                                  headers: ["Idempotency-Key": "with space"])
            #expect(bad.status == .unprocessableEntity && (try? Scenario.apiFields(bad)) == ["Idempotency-Key"])
            #expect(try await Invoice.query(on: app.db).count() == 1)

            // Keys belong to the staff member: another member's same key is a request of its own.
            let (_, colleague) = try await Scenario.staffWithToken(app, role: .billing, email: "colleague@staff.test")
            let theirs = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: colleague, json: Self.invoiceJSON(customer: number), headers: key)
            #expect(theirs.status == .created && theirs.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await Invoice.query(on: app.db).count() == 2)
        }
    }

    @Test("an Idempotency-Key is remembered for 30 days; after that housekeeping forgets it and the key may be used again")
    func idempotencyKeysAreForgotten() async throws {
        try await withTestApp { app, clock in
            let (_, number) = try await Self.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let key: HTTPHeaders = ["Idempotency-Key": "order-4711"]
            _ = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
            clock.advance(by: 29 * 24 * 3600)
            #expect(try await app.housekeeping.run().idempotencyKeysDeleted == 0)
            let retry = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
            #expect(retry.headers.first(name: "Idempotent-Replayed") == "true", "a retry within the month gets the first answer")
            clock.advance(by: 2 * 24 * 3600)
            #expect(try await app.housekeeping.run().idempotencyKeysDeleted == 1)
            let later = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
            #expect(later.status == .created && later.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await Invoice.query(on: app.db).count() == 2)
        }
    }

    @Test("two requests with the same key at the same moment, on two servers, issue one invoice and both answer it")
    func idempotentUnderConcurrency() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (_, number) = try await Self.customer(apps[0])
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            for round in 0..<3 {
                let key: HTTPHeaders = ["Idempotency-Key": "retry-\(round)"]
                async let a = Scenario.staffAPI(apps[0], .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
                async let b = Scenario.staffAPI(apps[1], .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number), headers: key)
                let (first, second) = try await (a, b)
                #expect(first.status == .created && second.status == .created, "round \(round): \(first.status) \(second.status) \(second.body.string)")
                let ids = try [first, second].map { try $0.content.decode(APIModels.InvoiceDetail.self).id }
                #expect(ids[0] == ids[1])
            }
            let invoices = try await Invoice.query(on: apps[0].db).sort(\.$sequence).all()
            #expect(invoices.count == 3 && invoices.map(\.sequence) == [1, 2, 3], "one invoice per key, numbers without a gap")
        }
    }

    @Test("POST /staff/invoices/{id}/credit-notes credits part of an invoice, never more than it")
    func creditNote() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Self.customer(app)
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 120)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let line = { (minor: Int) in #"{"lines":[{"description":"Goodwill","unitPrice":{"amountMinor":\#(minor),"currency":"CHF"},"vat":"none"}],"note":"Outage"}"# }
            let partial = try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: line(2_000))
            #expect(partial.status == .created)
            let note = try partial.content.decode(APIModels.InvoiceDetail.self)
            #expect(note.kind == "credit_note" && note.creditsInvoiceId == invoice.id && note.total.amountMinor == 2_000)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 10_000)

            let tooMuch = try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: line(10_001))
            #expect(tooMuch.status == .unprocessableEntity && (try? Scenario.apiFields(tooMuch)) == ["lines"])
            #expect(try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(UUID()), token: token, json: line(1)).status == .notFound)
            #expect(try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(note.id), token: token, json: line(1)).status == .notFound,
                    "a credit note is not credited")
            #expect(try await Invoice.query(on: app.db).count() == 2)
        }
    }

    @Test("a request that would wait longer than the lock limit behind a held organization is answered 503 and commits nothing; asked again later, it credits once",
          .enabled(if: TestDatabase.isPostgres, "PostgreSQL's lock_timeout; on SQLite writers queue in the server and wait the busy timeout"))
    func creditNoteBehindAHeldOrganization() async throws {
        try await withTestApp(configure: { $0.lockWaitSeconds = 1 }) { app, _ in
            let (organization, _) = try await Self.customer(app)
            let organizationID = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: organizationID, francs: 120)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let json = #"{"lines":[{"description":"Goodwill","unitPrice":{"amountMinor":2000,"currency":"CHF"},"vat":"none"}],"note":"Outage"}"#
            // A bulk job (a reminder chunk, an import) holding the organization for longer than a request may wait.
            let holding = Task {
                try await app.db.transaction { db in
                    try await db.waitForLocksUnbounded()
                    try await db.lockForUpdate(Organization.self, id: organizationID)
                    try await Task.sleep(for: .seconds(4))
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            let started = ContinuousClock.now
            let waited = try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: json)
            #expect(waited.status == .serviceUnavailable && waited.headers.first(name: "Retry-After") != nil, "answered \(waited.status)")
            #expect(ContinuousClock.now - started < .seconds(3), "answered before the holder let go, within the client's patience")
            try await holding.value
            #expect(try await Invoice.query(on: app.db).count() == 1, "nothing was committed behind the answer")
            #expect(try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: json).status == .created)
            #expect(try await Invoice.query(on: app.db).count() == 2, "asked again, it credits once")
        }
    }

    @Test("a credit note retried with its Idempotency-Key credits once, also sent to two servers at once; the key is bound to its invoice")
    func idempotentCreditNote() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, _) = try await Self.customer(apps[0])
            let invoice = try await InvoiceTests.issue(apps[0], to: organization.requireID(), francs: 120)
            let other = try await InvoiceTests.issue(apps[0], to: organization.requireID(), francs: 120)
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            let json = #"{"lines":[{"description":"Goodwill","unitPrice":{"amountMinor":3000,"currency":"CHF"},"vat":"none"}],"note":"Outage"}"#
            let key: HTTPHeaders = ["Idempotency-Key": "goodwill-1"]
            async let a = Scenario.staffAPI(apps[0], .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: json, headers: key)
            async let b = Scenario.staffAPI(apps[1], .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: json, headers: key)
            let (first, second) = try await (a, b)
            #expect(first.status == .created && second.status == .created, "\(first.status) \(second.status) \(second.body.string)")
            let retry = try await Scenario.staffAPI(apps[1], .POST, .staffInvoiceCreditNotes(invoice.id!), token: token, json: json, headers: key)
            #expect(retry.status == .created && retry.headers.first(name: "Idempotent-Replayed") == "true")
            let ids = try [first, second, retry].map { try $0.content.decode(APIModels.InvoiceDetail.self).id }
            #expect(Set(ids).count == 1, "every answer is the one credit note")
            #expect(try await Invoice.find(invoice.id, on: apps[0].db)?.openMinor == 9_000, "30.00 credited once, not twice or three times")

            let elsewhere = try await Scenario.staffAPI(apps[0], .POST, .staffInvoiceCreditNotes(other.id!), token: token, json: json, headers: key)
            #expect(elsewhere.status == .unprocessableEntity && (try? Scenario.apiFields(elsewhere)) == ["Idempotency-Key"],
                    "the same key and body for another invoice is refused, not answered with the first invoice's credit note")
            #expect(try await Invoice.find(other.id, on: apps[0].db)?.openMinor == 12_000)
            let without = try await Scenario.staffAPI(apps[0], .POST, .staffInvoiceCreditNotes(other.id!), token: token, json: json)
            #expect(without.status == .created && without.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await Invoice.query(on: apps[0].db).filter(\.$creditsInvoiceID != nil).count() == 2)
        }
    }

    @Test("POST /staff/bank-statements takes the camt XML as the body and answers the page's summary; the same file again changes nothing; a malformed one imports nothing")
    func statementUpload() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Self.customer(app)
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 120)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let file = CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T1")], entryReference: "E1"),
                .init(payments: [.init(amount: "7.00", bankReference: "T2", debtorIBAN: "DE89370400440532013000", debtorName: "Unknown GmbH")], entryReference: "E2"),
            ])
            let response = try await Scenario.staffUpload(app, token: token, file)
            #expect(response.status == .ok)
            let summary = try response.content.decode(APIModels.StatementSummary.self)
            let page = try #require(try await BankStatementImport.query(on: app.db).first())
            #expect(summary.importId == page.id && summary.kind == "camt.054" && summary.version == "001.08")
            #expect(summary.transactions == 2 && summary.settled == 1 && summary.unidentified == 1 && summary.duplicates == 0)
            #expect(summary.received.map(\.amountMinor) == [12_700] && summary.received.map(\.currency) == ["CHF"])
            #expect(page.staffID != nil, "the import records who uploaded it")

            let again = try await Scenario.staffUpload(app, token: token, file).content.decode(APIModels.StatementSummary.self)
            #expect(again.duplicates == 2 && again.settled == 0 && again.unidentified == 0 && again.received.isEmpty)
            #expect(again.sameFileImportedAt != nil && summary.sameFileImportedAt == nil, "the answer says the file was seen before")
            #expect(try await BankPayment.query(on: app.db).count() == 2)

            let broken = try await Scenario.staffAPI(app, .POST, .staffBankStatements, token: token, body: ByteBuffer(string: "<Document><BkToCstmrDbtCdtNtfctn>"),
                                                     headers: ["Content-Type": "application/xml"])
            #expect(broken.status == .unprocessableEntity)
            let refusal = try Scenario.apiError(broken)
            #expect(refusal.code == "statement_malformed" && refusal.fields?.first?.field == "body" && refusal.message.contains("nothing was imported"))
            let test = try await Scenario.staffUpload(app, token: token, CamtFile(test: true, entries: file.entries))
            #expect(test.status == .unprocessableEntity && (try? Scenario.apiError(test))?.code == "statement_test_file")
            #expect(try await BankStatementImport.query(on: app.db).count() == 2)

            let json = try await Scenario.staffAPI(app, .POST, .staffBankStatements, token: token, json: "{}")
            #expect(json.status == .unsupportedMediaType)
            let empty = try await Scenario.staffAPI(app, .POST, .staffBankStatements, token: token, headers: ["Content-Type": "application/xml"])
            #expect(empty.status == .unprocessableEntity && (try? Scenario.apiFields(empty)) == ["body"])
        }
    }

    @Test("GET /staff/unidentified-payments pages the queue; one is assigned to an organization's prepaid account, another marked for refund, each once")
    func unidentifiedPayments() async throws {
        try await withTestApp { app, _ in
            let (organization, number) = try await Self.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let upload = try await Scenario.staffUpload(app, token: token, CamtFile(entries: [
                .init(payments: [.init(amount: "7.00", bankReference: "T2", debtorIBAN: "DE89370400440532013000")], entryReference: "E2"),
                .init(payments: [.init(amount: "9.00", bankReference: "T3", debtorIBAN: "DE02120300000000202051")], entryReference: "E3"),
                .init(payments: [.init(amount: "1.005", bankReference: "T4")], entryReference: "E4"),
            ]))
            #expect(upload.status == .ok)
            let all = try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).content.decode(APIModels.UnidentifiedPayments.self)
            #expect(all.items.count == 3 && all.limit == 50 && all.offset == 0)
            let pages = try await [0, 1, 2].asyncMap { offset in
                try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, query: "?limit=1&offset=\(offset)", token: token)
                    .content.decode(APIModels.UnidentifiedPayments.self).items.map(\.id)
            }
            #expect(pages.flatMap { $0 } == all.items.map(\.id), "pages neither skip nor repeat")
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, query: "?limit=0", token: token).status == .unprocessableEntity)

            let seven = try #require(all.items.first { $0.amount?.amountMinor == 700 })
            let fine = try #require(all.items.first { $0.amount == nil })
            #expect(seven.canAssign && !fine.canAssign && fine.flag != nil && fine.amountText == "1.005")
            let assigned = try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentAssignment(seven.id), token: token, json: #"{"customerNumber":\#(number)}"#)
            #expect(assigned.status == .ok)
            let decided = try assigned.content.decode(APIModels.UnidentifiedPayment.self)
            #expect(decided.assignment == "organization" && decided.organizationId == organization.id)
            #expect(try await PrepaidLedger.balance(of: organization.requireID(), currency: .chf, on: app.db).minorUnits == 700)
            let twice = try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentAssignment(seven.id), token: token, json: #"{"customerNumber":\#(number)}"#)
            #expect(twice.status == .conflict)
            #expect(try await PrepaidLedger.balance(of: organization.requireID(), currency: .chf, on: app.db).minorUnits == 700)

            let unknown = try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentAssignment(fine.id), token: token, json: #"{"customerNumber":999999}"#)
            #expect(unknown.status == .unprocessableEntity && (try? Scenario.apiFields(unknown)) == ["customerNumber"])
            #expect(try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentAssignment(fine.id), token: token,
                                                json: #"{"customerNumber":\#(number)}"#).status == .conflict, "a flagged amount can only be refunded")
            let refunded = try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentRefund(fine.id), token: token)
            #expect(refunded.status == .ok && (try? refunded.content.decode(APIModels.UnidentifiedPayment.self))?.assignment == "refund")
            #expect(try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentRefund(UUID()), token: token).status == .notFound)

            let left = try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).content.decode(APIModels.UnidentifiedPayments.self)
            #expect(left.items.count == 1 && left.items.first?.amount?.amountMinor == 900)
            let payment = try #require(try await BankPayment.find(seven.id, on: app.db))
            #expect(payment.assignedByStaffID != nil && payment.assignedAt != nil)
        }
    }

    @Test("POST /staff/reminder-runs runs today's reminders and answers the report; a second run the same day sends nothing")
    func reminderRun() async throws {
        try await withTestApp { app, clock in
            let (_, number) = try await Self.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "billing@staff.test")
            let paused = try await Scenario.staffAPI(app, .POST, .staffReminderRuns, token: token).content.decode(APIModels.ReminderRunReport.self)
            #expect(paused.pausedForStaleStatements && paused.lastImport == nil)

            #expect(try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: Self.invoiceJSON(customer: number)).status == .created)
            clock.advance(by: 40 * 86_400)
            // A staff session lasts hours, a token until revoked: the same token still works forty days on.
            try await ReminderTests.importStatement(app, clock)
            let run = try await Scenario.staffAPI(app, .POST, .staffReminderRuns, token: token)
            #expect(run.status == .ok)
            let report = try run.content.decode(APIModels.ReminderRunReport.self)
            #expect(!report.pausedForStaleStatements && report.considered == 1 && report.sent["reminder_1"] == 1 && report.sent["final_notice"] == 0)
            #expect(report.heldForStaleStatements == 0 && report.staleCurrencies.isEmpty && report.heldForBookingsAwaitingDetails == 0)
            let again = try await Scenario.staffAPI(app, .POST, .staffReminderRuns, token: token).content.decode(APIModels.ReminderRunReport.self)
            #expect(again.sent.values.reduce(0, +) == 0)
            #expect(try await PaymentReminder.query(on: app.db).count() == 1)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
