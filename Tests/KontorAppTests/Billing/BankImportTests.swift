import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Bank-statement import: each payment once, matched to its invoice or its customer, never rounded, never twice")
struct BankImportTests {
    static func importer(_ app: Application, allowTest: Bool = false) -> BankStatementImporter {
        BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: allowTest, staffID: nil, now: Date())
    }

    /// The importer of a provider that configured its accounts (tests otherwise run with the development sample's,
    /// which accept a statement of any account).
    static func ownAccountsImporter(_ app: Application, listing statementAccounts: Set<String> = []) -> BankStatementImporter {
        var config = app.kontor.config.billing
        config.accountsAreConfigured = true
        config.statementAccounts = statementAccounts
        return BankStatementImporter(db: app.db, config: config, allowTestFiles: false, staffID: nil, now: Date())
    }

    static func customer(_ app: Application, _ name: String) async throws -> Organization {
        let user = try await Scenario.customer(app, name: name, email: "\(name.lowercased())@example.test")
        return try await Scenario.organization(of: user, on: app)
    }

    static func topUp(_ app: Application, _ organization: Organization) throws -> String {
        let number = try #require(organization.customerNumber)
        return try #require(InvoiceQueries(db: app.db, config: app.kontor.config.billing).topUpReference(customerNumber: number, currency: .chf))
            .electronic
    }

    /// Kontor's invoice reference for `organization`'s customer number and a sequence no invoice has.
    static func invoiceReferenceWithoutInvoice(_ app: Application, _ organization: Organization) throws -> String {
        let number = try #require(organization.customerNumber)
        let qr = try #require(app.kontor.config.billing.accounts[.chf]).isQRIBAN
        return try #require(BillingReferences.reference(kind: .invoice, customerNumber: Int(number), sequence: 987_654, qrIBAN: qr)).electronic
    }

    @Test("every matching branch: exact payment settles; other amount, other currency, a paid invoice, a top-up and our reference of an unknown invoice credit the prepaid account; a known debtor account identifies; the rest waits for staff")
    func matching() async throws {
        try await withTestApp { app, _ in
            let ana = try await Self.customer(app, "Ana")
            let org = try ana.requireID()
            let exact = try await InvoiceTests.issue(app, to: org, francs: 120)
            let short = try await InvoiceTests.issue(app, to: org, francs: 80)
            let euro = try await InvoiceTests.issue(app, to: org, francs: 50)
            let file = CamtFile(entries: [
                .init(payments: [.init(reference: exact.reference, amount: "120.00", bankReference: "T1", debtorIBAN: "CH5800791123000889012")], entryReference: "E1"),
                .init(payments: [.init(reference: short.reference, amount: "70.00", bankReference: "T2")], entryReference: "E2"),
                .init(payments: [.init(reference: euro.reference, amount: "50.00", currency: "EUR", bankReference: "T3")], entryReference: "E3"),
                .init(payments: [.init(reference: exact.reference, amount: "120.00", bankReference: "T4")], entryReference: "E4"),
                .init(payments: [.init(reference: try Self.topUp(app, ana), amount: "33.30", bankReference: "T5")], entryReference: "E5"),
                // A reference of Kontor's naming Ana's customer number, for an invoice Kontor does not have (one of a
                // system before it, say): the customer number still says whose money it is.
                .init(payments: [.init(reference: try Self.invoiceReferenceWithoutInvoice(app, ana), amount: "4.00", bankReference: "T9")], entryReference: "E9"),
                .init(payments: [.init(amount: "10.00", bankReference: "T6", debtorIBAN: "CH5800791123000889012")], entryReference: "E6"),
                .init(payments: [.init(amount: "9.00", bankReference: "T7", debtorIBAN: "DE89370400440532013000")], entryReference: "E7"),
                .init(payments: [.init(reference: "000000000000000000000000003", amount: "5.00", bankReference: "T8")], entryReference: "E8"),
            ])
            // The debtor account is known only once it has paid an invoice, so its reference-less payment comes in a later file.
            let first = CamtFile(entries: Array(file.entries.prefix(6)))
            let summary = try await Self.importer(app).run(.data(first.data), fileName: "first.xml")
            #expect(summary.settled == 1 && summary.prepaid == 5 && summary.unidentified == 0)
            let later = try await Self.importer(app).run(.data(CamtFile(entries: Array(file.entries.suffix(3))).data), fileName: "later.xml")
            #expect(later.prepaid == 1 && later.unidentified == 2, "a known debtor account identifies; an unknown one or an invalid reference does not")

            #expect(try await Invoice.find(exact.id, on: app.db)?.openMinor == 0)
            #expect(try await Invoice.find(short.id, on: app.db)?.openMinor == 8_000, "a short payment settles nothing")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 7_000 + 12_000 + 3_330 + 400 + 1_000)
            #expect(try await PrepaidLedger.balance(of: org, currency: .eur, on: app.db).minorUnits == 5_000)
            #expect(try await BankPayment.query(on: app.db).filter(\.$outcome == "unidentified").count() == 2)
        }
    }

    @Test("a standing order that paid by a customer's top-up reference and later drops it is still that customer's, in the same file or a later one; an account that paid for two customers identifies neither")
    func accountLearntFromTopUps() async throws {
        try await withTestApp { app, _ in
            let ana = try await Self.customer(app, "Ana"), ben = try await Self.customer(app, "Ben")
            let anaID = try ana.requireID()
            let standingOrder = "CH5604835012345678009", accountant = "CH9300762011623852957"
            let first = try await Self.importer(app).run(.data(CamtFile(day: "2026-11-01", entries: [
                .init(payments: [.init(reference: try Self.topUp(app, ana), amount: "100.00", bankReference: "S1", debtorIBAN: standingOrder)], entryReference: "E1"),
                .init(payments: [.init(amount: "100.00", bankReference: "S2", debtorIBAN: standingOrder)], entryReference: "E2"),
                .init(payments: [.init(reference: try Self.topUp(app, ana), amount: "30.00", bankReference: "A1", debtorIBAN: accountant)], entryReference: "E3"),
                .init(payments: [.init(reference: try Self.topUp(app, ben), amount: "30.00", bankReference: "A2", debtorIBAN: accountant)], entryReference: "E4"),
            ]).data), fileName: "november.xml")
            #expect(first.prepaid == 4 && first.unidentified == 0, "\(first)")
            let later = try await Self.importer(app).run(.data(CamtFile(day: "2026-12-01", entries: [
                .init(payments: [.init(amount: "100.00", bankReference: "S3", debtorIBAN: standingOrder)], entryReference: "E5"),
                .init(payments: [.init(amount: "30.00", bankReference: "A3", debtorIBAN: accountant)], entryReference: "E6"),
            ]).data), fileName: "december.xml")
            #expect(later.prepaid == 1 && later.unidentified == 1, "the accountant's account names nobody: \(later)")
            #expect(try await PrepaidLedger.balance(of: anaID, currency: .chf, on: app.db).minorUnits == 100_00 * 3 + 30_00)
        }
    }

    @Test("the same file twice, or an overlapping one, changes nothing the second time")
    func idempotent() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let invoices = [try await InvoiceTests.issue(app, to: org, francs: 10), try await InvoiceTests.issue(app, to: org, francs: 20)]
            let one = CamtFile.Entry(payments: [.init(reference: invoices[0].reference, amount: "10.00", bankReference: "T1")], entryReference: "E1")
            let two = CamtFile.Entry(payments: [.init(reference: invoices[1].reference, amount: "20.00", bankReference: "T2")], entryReference: "E2")
            let file = CamtFile(entries: [one]).data
            #expect(try await Self.importer(app).run(.data(file), fileName: "a.xml").settled == 1)
            let again = try await Self.importer(app).run(.data(file), fileName: "a.xml")
            #expect(again.settled == 0 && again.duplicates == 1 && again.transactions == 1 && again.importID != nil)
            #expect(again.sameFileName == "a.xml" && again.sameFileImportedAt != nil,
                    "the same bytes are recognised by their fingerprint, without matching each payment again")
            let recorded = try await BankStatementImport.query(on: app.db).all()
            #expect(recorded.count == 2 && recorded[0].fileSHA256 != nil && recorded[0].fileSHA256 == recorded[1].fileSHA256,
                    "the same bytes are recognised, and the second import is recorded (it counts as the day's import)")
            let overlapping = try await Self.importer(app).run(.data(CamtFile(entries: [one, two]).data), fileName: "b.xml")
            #expect(overlapping.settled == 1 && overlapping.duplicates == 1)
            #expect(overlapping.sameFileImportedAt == nil, "an overlapping file is other bytes: read payment by payment")
            #expect(try await BankPayment.query(on: app.db).count() == 2)
            #expect(try await InvoiceSettlement.query(on: app.db).count() == 2)
        }
    }

    @Test("a collective booking is credited through its details only, once, whichever of camt.053 and camt.054 comes first")
    func collective() async throws {
        for statementFirst in [true, false] {
            try await withTestApp { app, _ in
                let org = try await Self.customer(app, "Ana").requireID()
                let a = try await InvoiceTests.issue(app, to: org, francs: 10)
                let b = try await InvoiceTests.issue(app, to: org, francs: 20)
                let payments: [CamtFile.Payment] = [.init(reference: a.reference, amount: "10.00", bankReference: "Q1"),
                                                    .init(reference: b.reference, amount: "20.00", bankReference: "Q2")]
                let statement = CamtFile(kind: "053", entries: [.init(payments: payments, entryReference: "C1", withoutDetails: true)])
                let detailed = CamtFile(kind: "053", entries: [.init(payments: payments, entryReference: "C1")])
                let notification = CamtFile(kind: "054", entries: [.init(payments: payments, entryReference: "C1")])
                let order = statementFirst ? [statement, notification, detailed] : [notification, detailed, statement]
                for file in order { _ = try await Self.importer(app).run(.data(file.data), fileName: "f.xml") }
                #expect(try await BankPayment.query(on: app.db).filter(\.$outcome == "settled").count() == 2)
                // The statement's collective line: recorded to wait when it came first, then decided by the camt.054.
                #expect(try await BankPayment.query(on: app.db).count() == (statementFirst ? 3 : 2))
                #expect(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).filter(\.$assignment == nil).count() == 0)
                #expect(try await Invoice.query(on: app.db).filter(\.$openMinor == 0).count() == 2)
                #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "nothing credited twice into the prepaid account")
            }
        }
    }

    @Test("a reversal re-opens the invoice it settled and takes back a prepaid credit, adding entries and deleting nothing")
    func reversals() async throws {
        try await withTestApp { app, _ in
            let ana = try await Self.customer(app, "Ana")
            let org = try ana.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 120)
            let topUp = try Self.topUp(app, ana)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T1")], entryReference: "E1"),
                .init(payments: [.init(reference: topUp, amount: "50.00", bankReference: "T2")], entryReference: "E2"),
            ]).data), fileName: "in.xml")
            let back = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "R1")], reversal: true, entryReference: "RE1"),
                .init(payments: [.init(reference: topUp, amount: "50.00", bankReference: "R2")], reversal: true, entryReference: "RE2"),
            ]).data), fileName: "reversal.xml")
            #expect(back.reversals == 2)
            let reopened = try #require(try await Invoice.find(invoice.id, on: app.db))
            #expect(reopened.openMinor == 12_000 && reopened.paidAt == nil)
            #expect(try await InvoiceSettlement.query(on: app.db).all().map(\.amountMinor).sorted() == [-12_000, 12_000])
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 2)
        }
    }

    @Test("a return of a payment a credit note followed takes back what the credit note moved to the prepaid account: a fully credited invoice stays closed, a partly credited one re-opens by what it is still owed")
    func returnAfterCreditNote() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let full = try await InvoiceTests.issue(app, to: org, francs: 120), part = try await InvoiceTests.issue(app, to: org, francs: 80)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: full.reference, amount: "120.00", bankReference: "T1")], entryReference: "E1"),
                .init(payments: [.init(reference: part.reference, amount: "80.00", bankReference: "T2")], entryReference: "E2"),
            ]).data), fileName: "in.xml")
            func credit(_ invoice: Invoice, francs: Int64) async throws {
                let line = InvoiceIssuer.Line(description: "Correction", quantity: 1, unitPrice: Money(minorUnits: francs * 100, currency: .chf), vatRate: .zero)
                _ = try await app.invoiceIssuer.issueCreditNote(for: invoice.requireID(), lines: [line], staffID: nil, note: nil, now: Date())
            }
            try await credit(full, francs: 120)
            try await credit(part, francs: 30)
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 15_000, "the paid invoices' credits went to the balance")

            let back = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: full.reference, amount: "120.00", bankReference: "R1")], reversal: true, entryReference: "RE1"),
                .init(payments: [.init(reference: part.reference, amount: "80.00", bankReference: "R2")], reversal: true, entryReference: "RE2"),
            ]).data), fileName: "returns.xml")

            #expect(back.reversals == 2 && back.flagged == 0)
            let fullNow = try #require(try await Invoice.find(full.id, on: app.db)), partNow = try #require(try await Invoice.find(part.id, on: app.db))
            #expect(fullNow.openMinor == 0, "credited in full: nothing to chase")
            #expect(partNow.openMinor == 5_000, "80.00 less the 30.00 credited")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero, "the credit notes' money came from the payments the bank took back")
        }
    }

    @Test("a file decides the same read whole or one payment per batch: a payment seen earlier in the file is a duplicate, an invoice it paid is paid, a debtor account that paid an invoice is known, a credit it made can be reversed")
    func batchesDecideAsOne() async throws {
        var outcomes: [[String]] = []
        for batchSize in [1, 2_000] {
            try await withTestApp { app, _ in
                let ana = try await Self.customer(app, "Ana")
                let org = try ana.requireID()
                let invoice = try await InvoiceTests.issue(app, to: org, francs: 120)
                let topUp = try Self.topUp(app, ana)
                let debtor = "CH5800791123000889012"
                let file = CamtFile(entries: [
                    .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T1", debtorIBAN: debtor)], entryReference: "E1"),
                    .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T2")], entryReference: "E2"),
                    .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T1", debtorIBAN: debtor)], entryReference: "E1"),
                    .init(payments: [.init(amount: "10.00", bankReference: "T3", debtorIBAN: debtor)], entryReference: "E3"),
                    .init(payments: [.init(reference: topUp, amount: "50.00", bankReference: "T4")], entryReference: "E4"),
                    .init(payments: [.init(reference: topUp, amount: "50.00", bankReference: "R1")], reversal: true, entryReference: "RE1"),
                ])
                var importer = Self.importer(app)
                importer.transactionsPerBatch = batchSize
                let summary = try await importer.run(.data(file.data), fileName: "whole.xml")
                #expect(summary.transactions == 6 && summary.settled == 1 && summary.prepaid == 3 && summary.duplicates == 1
                        && summary.reversals == 1 && summary.unidentified == 0, "\(batchSize) per batch: \(summary)")
                #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 12_000 + 1_000,
                        "the second payment of the invoice and the known debtor's payment are credited; the reversed top-up is not")
                #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
                outcomes.append(try await BankPayment.query(on: app.db).sort(\.$bankReference).all().map { "\($0.bankReference ?? "")=\($0.outcome)" })
            }
        }
        #expect(outcomes.count == 2 && outcomes[0] == outcomes[1])
    }

    @Test("only booked entries move money; finer amounts are flagged, not rounded; a test file is refused unless allowed; a malformed file imports nothing")
    func refusals() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 10)
            let pending = CamtFile(entries: [.init(payments: [.init(reference: invoice.reference, amount: "10.00", bankReference: "P1")], status: "PDNG",
                                                   entryReference: "P1")])
            #expect(try await Self.importer(app).run(.data(pending.data), fileName: "p.xml").ignored == 1)
            let fine = CamtFile(entries: [.init(payments: [.init(reference: invoice.reference, amount: "10.005", bankReference: "F1")], entryReference: "F1")])
            let flagged = try await Self.importer(app).run(.data(fine.data), fileName: "f.xml")
            #expect(flagged.flagged == 1 && flagged.settled == 0)
            let payment = try #require(try await BankPayment.query(on: app.db).first())
            #expect(payment.amountMinor == nil && payment.amountText == "10.005" && payment.flag == "finer_than_minor_unit")

            let test = CamtFile(test: true, entries: [.init(payments: [.init(reference: invoice.reference, amount: "10.00", bankReference: "X1")], entryReference: "X1")])
            await #expect(throws: BankStatementImporter.Refusal.testFile) { try await Self.importer(app).run(.data(test.data), fileName: "t.xml") }
            #expect(try await Self.importer(app, allowTest: true).run(.data(test.data), fileName: "t.xml").settled == 1)

            let good = CamtFile(entries: [.init(payments: [.init(reference: nil, amount: "1.00", bankReference: "G1")], entryReference: "G1")]).xml
            let broken = String(good.prefix(good.count - 40))
            let counted = try await BankPayment.query(on: app.db).count()
            do {
                _ = try await Self.importer(app).run(.data(Data(broken.utf8)), fileName: "broken.xml")
                Issue.record("a truncated file was imported")
            } catch let BankStatementImporter.Refusal.malformed(problem) {
                #expect(problem.line != nil && problem.path != nil, "the error names the place: \(problem)")
                // Said to staff in their language, with the place and without libxml2's English words.
                let german = StatementProblemText.text(problem, .de, localizer: app.kontor.localizer)
                #expect(german.contains("Zeile \(problem.line!)") && german.contains("kein wohlgeformtes XML") && german.contains("nichts importiert"))
            }
            #expect(try await BankPayment.query(on: app.db).count() == counted, "nothing of the malformed file was kept")
            #expect(try await BankStatementImport.query(on: app.db).count() == 3)
        }
    }

    @Test("once the provider configured its accounts, a statement of someone else's account is refused whole, naming the account, in the reader's language; one the provider lists is imported")
    func foreignAccount() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 10)
            let payment = CamtFile.Payment(reference: invoice.reference, amount: "10.00", bankReference: "A1")
            let foreign = CamtFile(account: "DE89370400440532013000", entries: [.init(payments: [.init(amount: "5.00", bankReference: "A2")], entryReference: "A2")])
            // Alone, and after a notification of the provider's own account in the same file: not even that one is kept.
            for file in [foreign.data, Self.twoNotifications(CamtFile(entries: [.init(payments: [payment], entryReference: "A1")]), foreign)] {
                await #expect(throws: BankStatementImporter.Refusal.notOwnAccount("DE89370400440532013000")) {
                    try await Self.ownAccountsImporter(app).run(.data(file), fileName: "other.xml")
                }
            }
            #expect(try await BankPayment.query(on: app.db).count() == 0)
            #expect(try await BankStatementImport.query(on: app.db).count() == 0)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 1_000, "nothing of the file settled anything")
            let german = StatementProblemText.notOwnAccount("DE89370400440532013000", .de, localizer: app.kontor.localizer)
            #expect(german.contains("DE89 3704 0044 0532 0130 00") && german.contains("nichts importiert"))

            // The provider's plain IBAN of its QR-IBAN account, once listed, is its own.
            let plain = CamtFile(account: "CH9300762011623852957", entries: [.init(payments: [payment], entryReference: "A1")])
            await #expect(throws: BankStatementImporter.Refusal.notOwnAccount("CH9300762011623852957")) {
                try await Self.ownAccountsImporter(app).run(.data(plain.data), fileName: "plain.xml")
            }
            let listed = Self.ownAccountsImporter(app, listing: ["CH9300762011623852957"])
            #expect(try await listed.run(.data(plain.data), fileName: "plain.xml").settled == 1)
            // With the development sample's accounts, nobody's, a statement of any account is imported.
            #expect(try await Self.importer(app).run(.data(foreign.data), fileName: "other.xml").unidentified == 1)
        }
    }

    @Test("the same payment in two files that name the provider's account two ways (its QR-IBAN, then its plain IBAN) is booked once")
    func oneAccountTwoNames() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 10)
            let importer = Self.ownAccountsImporter(app, listing: ["CH9300762011623852957"])
            for (index, account) in ["CH4431999123000889012", "CH9300762011623852957"].enumerated() {
                let file = CamtFile(account: account, entries: [.init(payments: [.init(reference: invoice.reference, amount: "10.00", bankReference: "T-1")],
                                                                      entryReference: "E-1")])
                let summary = try await importer.run(.data(file.data), fileName: "day-\(index).xml")
                #expect(summary.settled == (index == 0 ? 1 : 0) && summary.duplicates == index, "file \(index): \(summary)")
            }
            // Before, the second file credited the 10.00 a second time, to the prepaid account.
            #expect(try await BankPayment.query(on: app.db).count() == 1)
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 0)
        }
    }

    @Test("a batch without payment references sent again with its payments in another order is booked once; a payment it did not hold before is booked")
    func sameBatchReordered() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 30)
            let ana = CamtFile.Payment(reference: invoice.reference, amount: "30.00", bankReference: nil)
            let other = CamtFile.Payment(amount: "20.00", bankReference: nil, debtorIBAN: "CH5604835012345678009")
            let late = CamtFile.Payment(amount: "7.00", bankReference: nil, debtorIBAN: "CH9300762011623852957")
            let first = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [.init(payments: [ana, other], entryReference: "E1")]).data),
                                                         fileName: "a.xml")
            #expect(first.settled == 1 && first.unidentified == 1)
            // The bank sends the same booking again, its payments the other way round.
            let again = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [.init(payments: [other, ana], entryReference: "E1")]).data),
                                                         fileName: "b.xml")
            #expect(again.duplicates == 2 && again.settled == 0 && again.unidentified == 0 && again.prepaid == 0, "\(again)")
            #expect(try await BankPayment.query(on: app.db).count() == 2)
            // Sent with a third payment it did not list before: that one is new money.
            let grown = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [.init(payments: [late, other, ana], entryReference: "E1")]).data),
                                                         fileName: "c.xml")
            #expect(grown.duplicates == 2 && grown.unidentified == 1, "\(grown)")
            #expect(try await BankPayment.query(on: app.db).count() == 3)
        }
    }

    /// One camt.054 with two notifications: the first file's account, then the second's.
    static func twoNotifications(_ first: CamtFile, _ second: CamtFile) -> Data {
        let secondNotification = "<Ntfctn>" + second.xml.components(separatedBy: "<Ntfctn>")[1].components(separatedBy: "</Ntfctn>")[0]
            .replacingOccurrences(of: "<Id>\(second.messageID)-1</Id>", with: "<Id>\(second.messageID)-2</Id>") + "</Ntfctn>"
        return Data(first.xml.replacingOccurrences(of: "</Ntfctn>", with: "</Ntfctn>" + secondNotification).utf8)
    }

    @Test("a lone detail of a batch of several, without its own amount, is flagged and credits nothing: the entry's sum is the whole batch's")
    func loneDetailOfBatch() async throws {
        try await withTestApp { app, _ in
            let org = try await Self.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 90)
            let detail = CamtFile.Payment(reference: invoice.reference, amount: "90.00", bankReference: "B1", amountInDetail: false)
            let statement = CamtFile(kind: "053", entries: [.init(payments: [detail], entryReference: "B", statedBatchCount: 3)])
            let summary = try await Self.importer(app).run(.data(statement.data), fileName: "s.xml")
            #expect(summary.settled == 0 && summary.flagged == 1)
            let payment = try #require(try await BankPayment.query(on: app.db).first())
            #expect(payment.amountMinor == nil && payment.flag == "amount_missing")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 9_000, "the batch's sum settles nothing")
        }
    }

    @Test("a refused file is said in each of the five languages, kind by kind, with its line, column and element path")
    func refusalSentences() throws {
        let problems: [BankStatementError.Problem] = [
            .unreadable("EACCES"), .empty, .malformedXML("Premature end of data"), .malformedXML("Premature end of data", code: 77),
            .malformedXML("Input is not proper UTF-8", code: 9), .malformedXML("xmlParseEntityRef: no name", code: 68),
            .malformedXML("Opening and ending tag mismatch", code: 76), .compressed("ZIP"), .attributeFlood, .documentTypeDeclaration, .notADocument(root: "html"),
            .unsupportedNamespace("urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"), .unsupportedNamespace(nil),
            .unexpectedElement(found: "BkToCstmrStmt", expected: "BkToCstmrDbtCdtNtfctn"), .missingGroupHeader, .missingElement("Amt"),
            .invalidAmount("1'000.00"), .invalidValue("CRED"), .textTooLong(limit: 10_000), .nestingTooDeep(limit: 64),
            .tooManyTransactions(limit: 100_000), .stoppedByCaller,
        ]
        let localizer = Localizer.loadBundled()
        for problem in problems {
            let error = BankStatementError(problem, path: "Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry[3]/Amt", line: 31, column: 9)
            for language in Language.allCases {
                #expect(localizer.catalogs[language]?[error.messageKey] != nil, "\(error.messageKey) in \(language)")
                let text = StatementProblemText.text(.init(error), language, localizer: localizer)
                #expect(text.contains("31") && text.contains("9") && text.contains("Ntry[3]/Amt") && !text.contains("{"), "\(language): \(text)")
                #expect(!text.contains("Premature") && !text.contains("EACCES"), "no parser or system English: \(text)")
            }
        }
        let nowhere = StatementProblemText.text(.init(BankStatementError(.empty)), .fr, localizer: localizer)
        #expect(nowhere == "Le fichier est illisible : le fichier est vide ; rien n’a été importé.")
    }
}
