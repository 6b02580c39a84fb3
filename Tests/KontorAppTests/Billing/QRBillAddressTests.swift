import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import PDFReading
import Testing
import Vapor
import VaporTesting

@Suite("Billing addresses and the QR-bill's character set: refused when typed, made to fit when stored earlier")
struct QRBillAddressTests {
    static func addressJSON(name: String, street: String = "Via Roma", town: String = "Lugano") throws -> String {
        let body = ["name": name, "street": street, "buildingNumber": "1", "postcode": "6900", "town": town, "country": "CH"]
        return String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
    }

    @Test("the API refuses emoji, CJK and invisible characters with a 422 naming each field in the caller's language; lengths count NFC characters")
    func apiRefuses() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let refused = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: token,
                                                 body: try Self.addressJSON(name: "Rossi 😀", street: "Via\u{202E}Roma", town: "Lugano\t"), language: "de")
            #expect(refused.status == .unprocessableEntity)
            let error = try Scenario.apiError(refused)
            #expect(error.code == "validation_failed")
            let messages = Dictionary(uniqueKeysWithValues: (error.fields ?? []).map { ($0.field, $0.message) })
            #expect(messages["name"] == app.kontor.localizer.text("error.billing.character", .de, ["character": "😀 (U+1F600)"]))
            #expect(messages["street"] == app.kontor.localizer.text("error.invalid_characters", .de, ["character": "U+202E"]))
            #expect(messages["town"] == nil, "a trailing tab is trimmed like a space")
            #expect(messages["name"]?.contains("QR-Rechnung") == true)
            #expect(try await BillingAddress.query(on: app.db).count() == 0)
            // A line break inside a field is refused, not stored as a space; one at the end is trimmed.
            let broken = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: token,
                                                body: try Self.addressJSON(name: "A\u{2028}B", street: "Via\r\nRoma", town: "Lugano\n"))
            #expect(broken.status == .unprocessableEntity)
            #expect(Set((try Scenario.apiError(broken).fields ?? []).map(\.field)) == ["name", "street"])
            #expect(try await BillingAddress.query(on: app.db).count() == 0)

            let composed = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: token,
                                                  body: try Self.addressJSON(name: String(repeating: "e\u{301}", count: 70)))
            #expect(composed.status == .created, "70 characters once composed: \(composed.body.string)")
            #expect(try await BillingAddress.query(on: app.db).first()?.name == String(repeating: "\u{E9}", count: 70))
        }
    }

    @Test("the billing-address form names the character in the customer's language and keeps what was typed")
    func formRefuses() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            var form = BillingAddressTests.bakery
            form["name"] = "Panadería 株式会社"
            let response = try await ana.post(SiteRoute.billingAddresses(organization.id!).path + "?lang=fr", form: form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("id=\"ba-name-error\"") && response.body.string.contains("ne peut pas figurer sur une QR-facture suisse"))
            #expect(try await BillingAddress.query(on: app.db).count() == 0)
        }
    }

    @Test("an address stored before the check (combining stacks, emoji, bidi) still gives a PDF whose QR-bill is valid, and the invoice mail is delivered")
    func storedAddressStillInvoiced() async throws {
        try await withTestApp { app, clock in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let zalgo = "Z" + String(repeating: "\u{301}", count: 30)
            let stored = PostalAddress(name: String(repeating: zalgo, count: 70), street: "😀 Via\t\u{1}\u{202E}漢字", buildingNumber: String(repeating: zalgo, count: 16),
                                       postcode: "6900", town: String(repeating: zalgo, count: 35), country: "CH")
            try await BillingAddress(organizationID: org, address: stored, invoiceEmail: nil, isDefault: true, now: Date()).create(on: app.db)
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 10, now: clock.now)

            let response = try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path)
            #expect(response.status == .ok && response.headers.contentType?.subType == "pdf")
            let code = try #require(try InvoiceQueries(db: app.db, config: app.kontor.config.billing).paymentCode(for: invoice))
            let decoded = try Poppler.qrCodes(in: Array(response.body.readableBytesView))
            #expect(decoded.first?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == code.fields)
            #expect(code.fields[21] == String(repeating: "\u{179}", count: 70) && code.fields[22] == ". Via ..")
            #expect(code.text.unicodeScalars.allSatisfy { $0 == "\n" || QRBillCharacters.allows($0) })

            #expect(try await app.mailDelivery.deliverDue() >= 1)
            let notices = try await InvoiceNoticeTests.notices(app)
            #expect(!notices.isEmpty && notices.allSatisfy { $0.sentAt != nil && $0.failedAt == nil },
                    "the notice with its PDF went out: \(notices.map { $0.lastError ?? "sent" })")
        }
    }
}
