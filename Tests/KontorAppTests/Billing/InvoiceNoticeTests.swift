import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMail
import Testing
import Vapor

@Suite("Invoice notices: queued with the invoice, delivered with its PDF, no link in them")
struct InvoiceNoticeTests {
    /// The notices queued so far (the only outbox messages that carry an attachment).
    static func notices(_ app: Application) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$attachment != nil).sort(\.$recipient).all()
    }

    /// Ana (legal representative) with Bob as administrator and Carol as plain user of Ana's organization.
    static func organizationWithStaff(_ app: Application) async throws -> UUID {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test", language: "es")
        try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
        try await Scenario.customer(app, name: "Carol", email: "carol@example.test")
        let organization = try await Scenario.organization(of: ana, on: app)
        let anaBrowser = try await Scenario.signedIn(app, email: "ana@example.test")
        try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "administrator", invitedBy: anaBrowser)
        try await Scenario.join(app, user: "carol@example.test", organization: organization, role: "user", invitedBy: anaBrowser)
        return try organization.requireID()
    }

    @Test("issuing queues one notice per legal representative and administrator, in the invoice's language, naming the PDF")
    func onePerRecipient() async throws {
        try await withTestApp { app, _ in
            let organizationID = try await Self.organizationWithStaff(app)
            let invoice = try await InvoiceTests.issue(app, to: organizationID, francs: 120, language: .fr)
            let notices = try await Self.notices(app)
            #expect(notices.map(\.recipient) == ["ana@example.test", "bob@example.test"])
            #expect(notices.allSatisfy { $0.attachment == "invoice_pdf:\(invoice.id!.uuidString.lowercased())" })
            #expect(notices.allSatisfy { $0.subject == "Facture INV-000001 de Kontor" }, "Ana reads Spanish, but the PDF is French")
            #expect(notices.first?.textBody.hasPrefix("Bonjour Ana,") == true)
        }
    }

    @Test("a notice is queued in the issuing transaction: an issue that is rolled back leaves none")
    func sameTransaction() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organizationID = try await Scenario.organization(of: ana, on: app).requireID()
            try await InvoiceTests.ensureAddress(app, organizationID)
            struct LaterStepFailed: Error {}
            await #expect(throws: LaterStepFailed.self) {
                try await app.db.transaction { db in
                    _ = try await app.invoiceIssuer.issue(
                        .init(organizationID: organizationID, currency: .chf,
                              lines: [.init(description: "Hosting", quantity: 1, unitPrice: Money(minorUnits: 5_000, currency: .chf), vatRate: .zero)],
                              language: .en), now: Date(), on: db)
                    #expect(try await OutboxMessage.query(on: db).filter(\.$attachment != nil).count() == 1)
                    throw LaterStepFailed()
                }
            }
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await Self.notices(app).isEmpty)
        }
    }

    @Test("delivered over real SMTP: the PDF is attached, the text names customer number, invoice and amount, and has no link")
    func deliveredWithPDF() async throws {
        try await TestSMTPServer.with { (server: TestSMTPServer) async throws in
            try await withTestApp(configure: { $0.smtp = SMTPConfiguration(host: "127.0.0.1", port: server.port) }) { app, clock in
                let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
                let organization = try await Scenario.organization(of: ana, on: app)
                let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 1_949, now: clock.now)
                #expect(try await app.mailDelivery.deliverDue() >= 1)
                #expect(try await Self.notices(app).allSatisfy { $0.sentAt != nil })

                let raw = try #require(server.messages().first { $0.contains("Subject: Invoice INV-000001 from Kontor") })
                let mail = try await ParsedMail.parse(raw)
                #expect(mail.defects.isEmpty, "\(mail.defects)")
                let pdf = try #require(mail.attachments.first)
                #expect(mail.attachments.count == 1 && pdf.filename == "INV-000001.pdf" && pdf.contentType == "application/pdf")
                #expect(pdf.bytes.starts(with: Array("%PDF".utf8)))
                let text = try #require(mail.text), html = try #require(mail.html)
                let reference = try #require(invoice.paymentReference?.printed)
                for body in [text, html] {
                    #expect(body.contains(String(invoice.customerNumber)) && body.contains("INV-000001") && body.contains("CHF 1,949.00"))
                    #expect(body.contains(reference))
                }
                for body in [raw, text, html] {
                    #expect(!body.lowercased().contains("http://") && !body.lowercased().contains("https://"), "a link in the invoice notice")
                }
                #expect(text.contains("sign in to your console as usual"))
            }
        }
    }

    @Test("the billing address's invoice e-mail receives the notice instead of the members")
    func invoiceEmailWins() async throws {
        try await withTestApp { app, _ in
            let organizationID = try await Self.organizationWithStaff(app)
            try await BillingAddress(organizationID: organizationID, address: PostalAddress(name: "Ana SA", street: "Rue du Lac", buildingNumber: "3",
                                                                                           postcode: "1003", town: "Lausanne", country: "CH"),
                                     invoiceEmail: "accounts@example.test", isDefault: true, now: Date()).create(on: app.db)
            try await InvoiceTests.issue(app, to: organizationID, francs: 80)
            let notices = try await Self.notices(app)
            #expect(notices.map(\.recipient) == ["accounts@example.test"])
            #expect(notices.first?.textBody.hasPrefix("Hello,") == true)
        }
    }

    @Test("a credit note gets its own notice, naming the invoice it corrects")
    func creditNote() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organizationID = try await Scenario.organization(of: ana, on: app).requireID()
            let invoice = try await InvoiceTests.issue(app, to: organizationID, francs: 100)
            let creditNote = try await app.invoiceIssuer.issueCreditNote(
                for: invoice.requireID(), lines: [.init(description: "Refund", quantity: 1, unitPrice: Money(minorUnits: 3_000, currency: .chf), vatRate: .zero)],
                staffID: nil, note: nil, now: Date())
            let notice = try #require(try await Self.notices(app).first { $0.attachment == "invoice_pdf:\(creditNote.id!.uuidString.lowercased())" })
            #expect(notice.subject == "Credit note CN-000001 from Kontor")
            #expect(notice.textBody.contains("credit note CN-000001 of CHF 30.00 for invoice INV-000001"))
            #expect(!notice.textBody.contains("QR-bill"))
        }
    }

    @Test("an invoice paid from the balance when issued says it is paid, and asks for nothing")
    func paidAtIssue() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            organization.payFromBalance = true
            try await organization.save(on: app.db)
            try await InvoiceTests.credit(app, organization.requireID(), francs: 100)
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 40)
            #expect(invoice.openMinor == 0)
            let notice = try #require(try await Self.notices(app).first)
            #expect(notice.textBody.contains("has already been paid from your prepaid account"))
            #expect(!notice.textBody.contains("is due on") && !notice.textBody.contains("QR-bill"))
        }
    }

    @Test("a notice whose PDF cannot be made fails like a refusing relay: retried, then shown to staff")
    func unresolvableAttachment() async throws {
        try await withTestApp { app, clock in
            try await Outbox(database: app.db, now: clock.now).enqueue(to: "ana@example.test", subject: "Invoice", text: "Hello", html: nil,
                                                                      attachment: MailAttachmentReference.invoicePDF(UUID()).text)
            try await Outbox(database: app.db, now: clock.now).enqueue(to: "bob@example.test", subject: "Invoice", text: "Hello", html: nil,
                                                                      attachment: "unknown_kind:42")
            #expect(try await app.mailDelivery.deliverDue() == 0)
            let waiting = try await Self.notices(app)
            #expect(waiting.allSatisfy { $0.attempts == 1 && $0.sentAt == nil && $0.failedAt == nil })
            #expect(waiting.allSatisfy { $0.lastError?.contains("cannot be made") == true })
            clock.advance(by: 73 * 3600)
            #expect(try await app.mailDelivery.deliverDue() == 0)
            #expect(try await OutboxMessage.failed(on: app.db).count == 2)
        }
    }
}
