import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Values a bank file may write that are valid, strange or wrong: each read as the standard means it, or the file
/// refused naming the element — never a payment booked on a misreading.
@Suite("Bank file values: days, amounts, references and accounts read as the standard means them")
struct BankFileValueTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    @Test("a booking day that does not exist (30 February, month 13, year 0000) refuses the file, naming BookgDt; nothing is booked",
          arguments: ["2026-02-30", "2026-13-01", "0000-01-01", "2026-04-31", "2026-12-00"])
    func impossibleBookingDay(_ day: String) async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 100)
            let file = CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "100.00", bankReference: "T1")], entryReference: "E1"),
            ]).xml.replacingOccurrences(of: "<BookgDt><Dt>2026-12-01</Dt>", with: "<BookgDt><Dt>\(day)</Dt>")
            do {
                _ = try await Self.importer(app).run(.data(Data(file.utf8)), fileName: "impossible-day.xml")
                Issue.record("a file booked on \(day) was imported")
            } catch let BankStatementImporter.Refusal.malformed(problem) {
                #expect(problem.path?.hasSuffix("BookgDt/Dt") == true && problem.description.contains(day), "\(problem)")
            }
            #expect(try await BankPayment.query(on: app.db).count() == 0)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 10_000)
        }
    }

    @Test("29 February of a leap year is a day")
    func leapDay() async throws {
        try await withTestApp { app, _ in
            let file = CamtFile(kind: "054", day: "2028-02-29", entries: [.init(payments: [.init(amount: "5.00", bankReference: "T1")], entryReference: "E1")])
            let summary = try await Self.importer(app).run(.data(file.data), fileName: "leap.xml")
            #expect(summary.unidentified == 1)
        }
    }

    @Test("an amount written with leading zeros (a valid xs:decimal) is read as its value")
    func leadingZeros() async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 107)
            var entry = CamtFile.Entry(payments: [.init(reference: invoice.reference, amount: "00000000000000000107.00", bankReference: "T1")],
                                       entryReference: "E1")
            entry.amount = "0000000000000000000000107.00"
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [entry]).data), fileName: "zeros.xml")
            #expect(summary.settled == 1)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }

    @Test("an amount written with a plus sign, a trailing point or a leading point (each a valid xs:decimal: '+107.00', '58.', '.50') is read as its value; a minus sign still refuses the file")
    func signAndPointsOfXMLDecimals() async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 107)
            let topUp = try BankImportTests.topUp(app, organization)
            func entry(_ amount: String, _ reference: String, _ bankReference: String) -> CamtFile.Entry {
                var entry = CamtFile.Entry(payments: [.init(reference: reference, amount: amount, bankReference: bankReference)], entryReference: "E-\(bankReference)")
                entry.amount = amount
                return entry
            }
            let file = CamtFile(entries: [entry("+107.00", try #require(invoice.reference), "T1"), entry("58.", topUp, "T2"), entry(".50", topUp, "T3")])
            let summary = try await Self.importer(app).run(.data(file.data), fileName: "decimals.xml")
            #expect(summary.settled == 1 && summary.prepaid == 2, "\(summary)")
            #expect(try await PrepaidLedger.balance(of: organization.requireID(), currency: .chf, on: app.db).minorUnits == 5_850)
            let negative = CamtFile(entries: [entry("-0.00", topUp, "T4")])
            do {
                _ = try await Self.importer(app).run(.data(negative.data), fileName: "negative.xml")
                Issue.record("a file with a negative amount was imported")
            } catch let BankStatementImporter.Refusal.malformed(problem) {
                #expect(problem.path?.hasSuffix("Ntry[1]/Amt") == true, "\(problem)")
            }
        }
    }

    @Test("a payment whose structured remittance names two different invoices waits for staff, who can credit it; the same reference twice, or an invalid one beside a valid one, is one reference")
    func twoStructuredReferences() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana")
            let ben = try await BankImportTests.customer(app, "Ben")
            let anas = try await InvoiceTests.issue(app, to: ana.requireID(), francs: 100)
            let bens = try await InvoiceTests.issue(app, to: ben.requireID(), francs: 100)
            func twoBlocks(_ first: String, _ second: String, bankReference: String) -> String {
                let xml = CamtFile(kind: "054", entries: [
                    .init(payments: [.init(reference: first, amount: "100.00", bankReference: bankReference)], entryReference: "E-\(bankReference)"),
                ]).xml
                let block = "<Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>\(second)</Ref></CdtrRefInf></Strd>"
                return xml.replacingOccurrences(of: "</Strd></RmtInf>", with: "</Strd>\(block)</RmtInf>")
            }
            let two = try await Self.importer(app).run(.data(Data(twoBlocks(bens.reference!, anas.reference!, bankReference: "T1").utf8)),
                                                       fileName: "two.xml")
            #expect(two.flagged == 1 && two.settled == 0 && two.prepaid == 0, "\(two)")
            #expect(try await Invoice.find(anas.id, on: app.db)?.openMinor == 10_000)
            #expect(try await Invoice.find(bens.id, on: app.db)?.openMinor == 10_000)
            let waiting = try #require(try await BankPayment.query(on: app.db).filter(\.$transactionReference == "T1").first())
            #expect(waiting.flag == "several_references" && waiting.canBeCredited)
            let english = app.kontor.localizer.text("staff.billing.flag.several_references", .en, [:])
            #expect(english.contains("two different references"))

            let same = try await Self.importer(app).run(.data(Data(twoBlocks(anas.reference!, anas.reference!, bankReference: "T2").utf8)),
                                                        fileName: "same.xml")
            #expect(same.settled == 1, "the same reference twice names one invoice")
            let invalidFirst = try await Self.importer(app).run(.data(Data(twoBlocks("210000000003139471430009018", bens.reference!, bankReference: "T3").utf8)),
                                                                fileName: "invalid-first.xml")
            #expect(invalidFirst.settled == 1, "a reference failing its check digit names nothing: the valid one decides")
            #expect(try await Invoice.find(bens.id, on: app.db)?.openMinor == 0)
            // Each file again is a repeat: compared by what its row stores, not by the first reference as written.
            for (body, name) in [(twoBlocks("210000000003139471430009018", bens.reference!, bankReference: "T3"), "invalid-first"),
                                 (twoBlocks(bens.reference!, anas.reference!, bankReference: "T1"), "two")] {
                let again = try await Self.importer(app).run(.data(Data(body.utf8)), fileName: "\(name)-again.xml")
                #expect(again.duplicates == 1 && again.prepaid == 0 && again.settled == 0, "\(name): \(again)")
            }
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "nothing booked a second time")
        }
    }

    @Test("a return naming two structured references, as its payment did, takes that payment back instead of waiting as a payment for staff to credit")
    func returnOfAPaymentWithTwoReferences() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana")
            let ben = try await BankImportTests.customer(app, "Ben")
            let anas = try await InvoiceTests.issue(app, to: ana.requireID(), francs: 100)
            let bens = try await InvoiceTests.issue(app, to: ben.requireID(), francs: 100)
            func file(reversal: Bool, bankReference: String) -> Data {
                let xml = CamtFile(kind: "054", entries: [
                    .init(payments: [.init(reference: anas.reference, amount: "100.00", bankReference: bankReference, debtorIBAN: "CH9300762011623852957")],
                          reversal: reversal, entryReference: "E-\(bankReference)"),
                ]).xml
                let block = "<Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>\(bens.reference!)</Ref></CdtrRefInf></Strd>"
                return Data(xml.replacingOccurrences(of: "</Strd></RmtInf>", with: "</Strd>\(block)</RmtInf>").utf8)
            }
            _ = try await Self.importer(app).run(.data(file(reversal: false, bankReference: "T1")), fileName: "payment.xml")
            let returned = try await Self.importer(app).run(.data(file(reversal: true, bankReference: "R1")), fileName: "return.xml")
            #expect(returned.reversals == 1 && returned.flagged == 0, "\(returned)")
            let payment = try #require(try await BankPayment.query(on: app.db).filter(\.$transactionReference == "T1").first())
            #expect(payment.assignment == BankPayment.returnedAssignment, "the money went back: nobody can credit it any more")
            #expect(try await UnidentifiedPayments(db: app.db).count() == 0)
        }
    }

    @Test("a statement whose account is an empty <IBAN/> is refused as naming no account, in the reader's language")
    func emptyAccount() async throws {
        try await withTestApp { app, _ in
            let file = CamtFile(kind: "053", entries: [.init(payments: [.init(amount: "5.00", bankReference: "T1")], entryReference: "E1")])
                .xml.replacingOccurrences(of: "<IBAN>CH4431999123000889012</IBAN>", with: "<IBAN/>")
            await #expect(throws: BankStatementImporter.Refusal.notOwnAccount(nil)) {
                try await BankImportTests.ownAccountsImporter(app).run(.data(Data(file.utf8)), fileName: "empty-account.xml")
            }
            let french = StatementProblemText.notOwnAccount(nil, .fr, localizer: app.kontor.localizer)
            #expect(french.contains("Acct/Id") && !french.contains(" , "))
        }
    }

    @Test("a statement account given with its currency parks a booking in another currency when the file states no account currency; one in its currency is booked")
    func statementAccountWithItsCurrency() async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let euro = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 50, currency: .eur)
            let franc = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 30)
            let file = CamtFile(kind: "053", account: "CH9300762011623852957", entries: [
                .init(payments: [.init(reference: euro.reference, amount: "50.00", currency: "EUR", bankReference: "T1")], entryReference: "E1"),
                .init(payments: [.init(reference: franc.reference, amount: "30.00", bankReference: "T2")], entryReference: "E2"),
            ])
            var config = app.kontor.config.billing
            config.accountsAreConfigured = true
            config.statementAccounts = ["CH9300762011623852957"]
            config.statementAccountCurrencies = ["CH9300762011623852957": .chf]
            let importer = BankStatementImporter(db: app.db, config: config, allowTestFiles: false, staffID: nil, now: Date())
            let summary = try await importer.run(.data(file.data), fileName: "eur-in-chf.xml")
            #expect(summary.flagged == 1 && summary.settled == 1, "\(summary)")
            #expect(try await BankPayment.query(on: app.db).filter(\.$transactionReference == "T1").first()?.flag == "currency_differs_from_account")
            #expect(try await Invoice.find(euro.id, on: app.db)?.openMinor == 5_000)
            #expect(try await Invoice.find(franc.id, on: app.db)?.openMinor == 0)
        }
    }
}
