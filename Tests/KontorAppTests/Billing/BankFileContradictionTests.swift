import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Shapes found in public bank files (PostFinance, the ISO business example, open-source importers' fixtures) that
/// a reader taking every element at its word would book wrongly.
@Suite("Bank files as banks write them: a repeated reference stays two payments, a contradiction is parked, money coming back is not a customer's, a shared account identifies nobody")
struct BankFileContradictionTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    @Test("two payments of one booking with the same bank reference are both recorded and both settle, flagged; importing the file again changes nothing")
    func repeatedBankReference() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 2187)
            let second = try await InvoiceTests.issue(app, to: org, francs: 1296)
            // The bank wrote the batch's id into both payments, as in a PostFinance-shaped camt.053.
            let file = CamtFile(kind: "053", entries: [.init(payments: [
                .init(reference: first.reference, amount: "2187.00", bankReference: "123456CHCAFEBABE"),
                .init(reference: second.reference, amount: "1296.00", bankReference: "123456CHCAFEBABE"),
            ], entryReference: "PAQUET-1")])
            let summary = try await Self.importer(app).run(.data(file.data), fileName: "053.xml")
            #expect(summary.settled == 2 && summary.duplicates == 0)
            #expect(try await Invoice.find(second.id, on: app.db)?.openMinor == 0, "CHF 1296.00 is not lost as a 'duplicate'")
            let flags = try await BankPayment.query(on: app.db).all().map(\.flag)
            #expect(flags == ["bank_reference_repeated", "bank_reference_repeated"])

            let again = try await Self.importer(app).run(.data(file.data), fileName: "053-again.xml")
            #expect(again.duplicates == 2 && again.settled == 0)
            #expect(try await BankPayment.query(on: app.db).count() == 2)
        }
    }

    @Test("the same batch with a repeated bank reference sent again with its payments in another order changes nothing (it credited two of them again)",
          arguments: [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]])
    func repeatedBankReferenceReordered(_ order: [Int]) async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let org = try organization.requireID()
            let topUp = try BankImportTests.topUp(app, organization)
            let payments: [CamtFile.Payment] = ["10.00", "20.00", "30.00"].map { .init(reference: topUp, amount: $0, bankReference: "B1") }
            func file(_ order: [Int]) -> Data { CamtFile(entries: [.init(payments: order.map { payments[$0] }, entryReference: "E1")]).data }
            let first = try await Self.importer(app).run(.data(file([0, 1, 2])), fileName: "first.xml")
            #expect(first.prepaid == 3)
            let again = try await Self.importer(app).run(.data(file(order)), fileName: "again.xml")
            #expect(again.duplicates == 3 && again.prepaid == 0, "\(again)")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 6_000)
            #expect(try await BankPayment.query(on: app.db).count() == 3)
        }
    }

    @Test("a credit marked as a reversal is our own payment coming back: it re-opens nothing, is not a customer's money, and waits for staff instead of being ignored")
    func creditReversalIsNotACustomerReturn() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 111)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "111.00", bankReference: "T1")], entryReference: "E1"),
            ]).data), fileName: "paid.xml")
            let back = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "111.00", bankReference: "R1")], reversal: true,
                      entryReference: "RE1", direction: "CRDT"),
            ]).data), fileName: "crdt-reversal.xml")
            #expect(back.reversals == 0 && back.ignored == 0 && back.prepaid == 0 && back.flagged == 1)
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "R1").first())
            #expect(parked.outcome == "flagged" && parked.flag == "returned_payment" && !parked.isReversal && parked.organizationID == nil)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0, "the invoice stays paid")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero)
        }
    }

    @Test("a payment whose direction contradicts its booking is parked for staff, never booked as a return")
    func directionContradiction() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 40)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "40.00", bankReference: "T1")], entryReference: "E1"),
            ]).data), fileName: "paid.xml")
            let odd = try await Self.importer(app).run(.data(CamtFile(entries: [.init(payments: [
                .init(reference: invoice.reference, amount: "40.00", bankReference: "T2", direction: "DBIT"),
                .init(amount: "15.00", bankReference: "T3"),
            ], entryReference: "E2", amount: "55.00")]).data), fileName: "odd.xml")
            #expect(odd.reversals == 0 && odd.flagged == 1 && odd.unidentified == 1)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0, "nothing was re-opened")
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "T2").first())
            #expect(parked.outcome == "flagged" && parked.flag == "direction_contradicts_entry" && !parked.isReversal)
        }
    }

    @Test("a debit reported as returned inside a credit booking (55.00 in, 40.00 returned, booked as 15.00) is the return of its payment: the invoice re-opens, the rest is credited, nothing waits to be refunded")
    func returnNettedInsideCreditBooking() async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 40)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "40.00", bankReference: "T1", debtorIBAN: "CH9300762011623852957")],
                      entryReference: "E1"),
            ]).data), fileName: "paid.xml")
            let netted = try await Self.importer(app).run(.data(CamtFile(day: "2026-12-02", entries: [.init(payments: [
                .init(reference: try BankImportTests.topUp(app, organization), amount: "55.00", bankReference: "T9"),
                .init(reference: invoice.reference, amount: "40.00", bankReference: "T1", debtorIBAN: "CH9300762011623852957", direction: "DBIT",
                      returnReason: "AC04"),
            ], entryReference: "E2", statedBatchCount: 2, amount: "15.00")]).data), fileName: "netted.xml")
            #expect(netted.reversals == 1 && netted.prepaid == 1 && netted.flagged == 0, "\(netted)")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 4_000, "its money went back: the invoice is owed again")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 5_500)
            let returned = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == true).first())
            #expect(returned.reversesPaymentID != nil && returned.flag == nil)
            #expect(try await UnidentifiedPayments(db: app.db).waiting().isEmpty, "nothing offered to be refunded")
        }
    }

    @Test("a lone payment stating another amount than the bank booked is recorded at the booked amount and parked; a zero is never a payment")
    func loneDetailDisagreesWithEntry() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 250)
            let summary = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "0", bankReference: "Z1")], entryReference: "E1", amount: "250.00"),
                .init(payments: [.init(amount: "250.0", bankReference: "Z2")], entryReference: "E2", amount: "250.00"),
            ]).data), fileName: "zero.xml")
            #expect(summary.settled == 0 && summary.flagged == 1 && summary.unidentified == 1)
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "Z1").first())
            #expect(parked.amountMinor == 25_000 && parked.flag == "amount_differs_from_entry" && parked.outcome == "flagged")
            let agreeing = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "Z2").first())
            #expect(agreeing.flag == nil, "250.0 and 250.00 are the same amount")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 25_000)
        }
    }

    @Test("a lone payment that states more than was booked by exactly the charges the bank says it took is booked at what arrived, flagged; charges that explain only part of it leave it parked")
    func lonePaymentLessItsCharges() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 100), second = try await InvoiceTests.issue(app, to: org, francs: 100)
            let third = try await InvoiceTests.issue(app, to: org, francs: 100), fourth = try await InvoiceTests.issue(app, to: org, francs: 100)
            var onBooking = CamtFile.Entry(payments: [.init(reference: first.reference, amount: "100.00", bankReference: "C1")], entryReference: "E1", amount: "98.50")
            onBooking.charges = "1.50"
            let onPayment = CamtFile.Entry(payments: [.init(reference: second.reference, amount: "100.00", bankReference: "C2", charges: "2.00")],
                                           entryReference: "E2", amount: "98.00")
            var partly = CamtFile.Entry(payments: [.init(reference: third.reference, amount: "100.00", bankReference: "C3")], entryReference: "E3", amount: "97.00")
            partly.charges = "1.50"
            // The bank's 5.00 stated for the booking and again for its one payment: taken once.
            var bothLevels = CamtFile.Entry(payments: [.init(reference: fourth.reference, amount: "100.00", bankReference: "C4", charges: "5.00")],
                                            entryReference: "E4", amount: "95.00")
            bothLevels.charges = "5.00"
            let summary = try await Self.importer(app).run(.data(CamtFile(entries: [onBooking, onPayment, partly, bothLevels]).data), fileName: "charges.xml")
            // What arrived is less than the invoice, so it is credited to the prepaid account (payments.md: only the open
            // amount settles an invoice); the parked one credits nothing and is not counted as received.
            #expect(summary.prepaid == 3 && summary.flagged == 1 && summary.received == ["CHF": 9_850 + 9_800 + 9_500], "\(summary)")
            let balance = try await PrepaidEntry.query(on: app.db).all().reduce(Int64(0)) { $0 + $1.amountMinor }
            #expect(balance == 9_850 + 9_800 + 9_500)
            #expect(try await Invoice.find(third.id, on: app.db)?.openMinor == 10_000)
            for reference in ["C1", "C2", "C4"] {
                let booked = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == reference).first())
                #expect(booked.flag == "bank_charges_deducted" && booked.outcome != "flagged")
            }
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "C3").first())
            #expect(parked.flag == "amount_differs_from_entry" && parked.outcome == "flagged")
        }
    }

    @Test("staff credit a parked booking's payments only up to what the bank booked; a debit listed inside a credit booking is never credited to a customer")
    func staffCreditNoMoreThanBooked() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let organization = try #require(try await Organization.find(org, on: app.db))
            let over = CamtFile.Entry(payments: [.init(amount: "30.00", bankReference: "X1"), .init(amount: "20.00", bankReference: "X2")],
                                      entryReference: "OVER", amount: "48.00")
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [over]).data), fileName: "over.xml")
            let rows = try await BankPayment.query(on: app.db).filter(\.$entryReference == "OVER").sort(\.$bankReference).all()
            #expect(rows.map(\.flag) == ["details_exceed_booking", "details_exceed_booking"])
            let queue = UnidentifiedPayments(db: app.db, language: .de)
            try await queue.assign(rows[0].id!, to: organization, staffID: UUID(), now: Date())
            await #expect(throws: AppError.conflict(messageKey: "error.billing.credit_exceeds_booking", arguments: ["booked": "CHF 48.00", "credited": "CHF 30.00"])) {
                try await queue.assign(rows[1].id!, to: organization, staffID: UUID(), now: Date())
            }
            #expect(try await BankPayment.find(rows[1].id, on: app.db)?.assignment == nil, "still waiting: nothing half-written")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 3_000)
            try await queue.markForRefund(rows[1].id!, staffID: UUID(), now: Date())

            let mixed = CamtFile.Entry(payments: [.init(amount: "40.00", bankReference: "M1"), .init(amount: "14.05", bankReference: "M2", direction: "DBIT")],
                                       entryReference: "MIXED", amount: "25.95")
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [mixed]).data), fileName: "mixed.xml")
            let debit = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "M2").first())
            #expect(debit.flag == "direction_contradicts_entry" && !debit.canBeCredited)
            await #expect(throws: AppError.conflict(messageKey: "error.billing.payment_decided")) {
                try await queue.assign(debit.id!, to: organization, staffID: UUID(), now: Date())
            }
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 3_000)
        }
    }

    @Test("two staff members crediting the two payments of an over-listed booking to two customers at once, over two servers: never more than was booked, never a 500")
    func staffCreditNoMoreThanBookedAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let ana = try #require(try await Organization.find(try await BankImportTests.customer(apps[0], "Ana").requireID(), on: apps[0].db))
            let bob = try #require(try await Organization.find(try await BankImportTests.customer(apps[0], "Bob").requireID(), on: apps[0].db))
            let over = CamtFile.Entry(payments: [.init(amount: "30.00", bankReference: "X1"), .init(amount: "20.00", bankReference: "X2")],
                                      entryReference: "OVER", amount: "48.00")
            _ = try await Self.importer(apps[0]).run(.data(CamtFile(entries: [over]).data), fileName: "over.xml")
            let rows = try await BankPayment.query(on: apps[0].db).filter(\.$entryReference == "OVER").sort(\.$bankReference).all()
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for (index, (row, organization)) in zip(rows, [ana, bob]).enumerated() {
                    group.addTask {
                        do {
                            try await UnidentifiedPayments(db: apps[index].db).assign(row.id!, to: organization, staffID: UUID(), now: Date())
                            return "credited"
                        } catch let error as AppError where error.messageKey == "error.billing.credit_exceeds_booking" {
                            return "refused"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["credited", "refused"], "\(outcomes)")
            let credited = try await PrepaidEntry.query(on: apps[0].db).all().map(\.amountMinor).reduce(0, +)
            #expect(credited <= 4_800 && credited > 0)
        }
    }

    @Test("a batch whose payments fall short of its booking is flagged and its payments count; one whose payments claim more than was booked is parked, unless the charges the bank says it took from the booking make up the difference")
    func batchDoesNotAddUp() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            func batch(_ tag: String, booked: String, charges: String? = nil, included: Bool = true, perPayment: String? = nil) async throws -> CamtFile.Entry {
                let invoice = try await InvoiceTests.issue(app, to: org, francs: 30)
                return .init(payments: [.init(reference: invoice.reference, amount: "30.00", bankReference: "\(tag)1", charges: perPayment),
                                        .init(amount: "20.00", bankReference: "\(tag)2", charges: perPayment)],
                             entryReference: tag, amount: booked, charges: charges, chargesIncluded: included)
            }
            func imported(_ entry: CamtFile.Entry) async throws -> (summary: BankStatementImporter.Summary, flags: [String?]) {
                let summary = try await Self.importer(app).run(.data(CamtFile(entries: [entry]).data), fileName: "\(entry.entryReference).xml")
                let rows = try await BankPayment.query(on: app.db).filter(\.$entryReference == entry.entryReference).sort(\.$bankReference).all()
                return (summary, rows.map(\.flag))
            }
            // More booked than listed: money arrived that no payment names; what is listed is real money.
            let short = try await imported(try await batch("S", booked: "60.00"))
            #expect(short.summary.settled == 1 && short.summary.unidentified == 1 && short.flags == ["details_do_not_add_up", "details_do_not_add_up"])
            // Less booked than listed, no charges stated: the payments name money that did not all arrive.
            let over = try await imported(try await batch("O", booked: "48.00"))
            #expect(over.summary.settled == 0 && over.summary.flagged == 2 && over.flags == ["details_exceed_booking", "details_exceed_booking"])
            // Charges stated but not taken from the booking (ChrgInclInd false), or charges that do not make up the
            // difference, explain nothing.
            let separate = try await imported(try await batch("C", booked: "48.00", charges: "2.00", included: false))
            #expect(separate.summary.settled == 0 && separate.flags == ["details_exceed_booking", "details_exceed_booking"])
            let tooLittle = try await imported(try await batch("L", booked: "40.00", charges: "0.50"))
            #expect(tooLittle.summary.settled == 0 && tooLittle.flags == ["details_exceed_booking", "details_exceed_booking"])
            // The bank took its 2.00 from the booking as a whole: the payments are what the payers sent, and the
            // booking adds up.
            let netted = try await imported(try await batch("N", booked: "48.00", charges: "2.00"))
            #expect(netted.summary.settled == 1 && netted.summary.unidentified == 1 && netted.flags == [nil, nil])
            // Said payment by payment, each payment is what arrived of it, as a lone payment is (bank probe round 4): the
            // 29.00 of the 30.00 invoice goes to the prepaid account, and the booking still adds up.
            let perPayment = try await imported(try await batch("P", booked: "48.00", perPayment: "1.00"))
            #expect(perPayment.summary.settled == 0 && perPayment.summary.prepaid == 1 && perPayment.summary.unidentified == 1
                    && perPayment.flags == ["bank_charges_deducted", "bank_charges_deducted"] && perPayment.summary.received == ["CHF": 4_800], "\(perPayment.summary)")
            // The same 2.00 reported for the booking and again payment by payment is 2.00, not 4.00.
            let twice = try await imported(try await batch("B", booked: "48.00", charges: "2.00", perPayment: "1.00"))
            #expect(twice.summary.settled == 0 && twice.summary.prepaid == 1 && twice.summary.unidentified == 1
                    && twice.flags == ["bank_charges_deducted", "bank_charges_deducted"] && twice.summary.received == ["CHF": 4_800], "\(twice.summary)")
        }
    }

    @Test("a batch's stated count does not decide: two payments listed for a booking of one that claim more are parked; one payment listed of a batch of two that leaves money unlisted is flagged")
    func batchCountAndMoneyDisagree() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 200), second = try await InvoiceTests.issue(app, to: org, francs: 100)
            // Stated one, listed two: 300.00 of payments for a booking of 200.00. Before, both invoices were settled.
            let more = try await Self.importer(app).run(.data(CamtFile(entries: [.init(payments: [
                .init(reference: first.reference, amount: "200.00", bankReference: "M1"), .init(reference: second.reference, amount: "100.00", bankReference: "M2"),
            ], entryReference: "M", statedBatchCount: 1, amount: "200.00")]).data), fileName: "more.xml")
            #expect(more.settled == 0 && more.flagged == 2)
            #expect(try await Invoice.find(first.id, on: app.db)?.openMinor == 20_000)
            #expect(try await Invoice.find(second.id, on: app.db)?.openMinor == 10_000)
            // Stated two, listed one of 200.00 for a booking of 300.00: the 100.00 is listed nowhere, and that is said.
            let fewer = try await Self.importer(app).run(.data(CamtFile(entries: [.init(payments: [
                .init(reference: first.reference, amount: "200.00", bankReference: "F1"),
            ], entryReference: "F", statedBatchCount: 2, amount: "300.00")]).data), fileName: "fewer.xml")
            #expect(fewer.settled == 1)
            #expect(try await BankPayment.query(on: app.db).filter(\.$bankReference == "F1").first()?.flag == "details_do_not_add_up")
        }
    }

    @Test("a debit line inside a credit batch counts against the batch's sum: the credits are not parked for it")
    func debitLineInCreditBatch() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 60)
            let summary = try await Self.importer(app).run(.data(CamtFile(entries: [.init(payments: [
                .init(reference: invoice.reference, amount: "60.00", bankReference: "D1"),
                .init(amount: "50.00", bankReference: "D2"),
                .init(amount: "10.00", bankReference: "D3", direction: "DBIT"),
            ], entryReference: "D", amount: "100.00")]).data), fileName: "mixed.xml")
            #expect(summary.settled == 1 && summary.unidentified == 1 && summary.flagged == 1)
            #expect(try await BankPayment.query(on: app.db).filter(\.$bankReference == "D3").first()?.flag == "direction_contradicts_entry")
        }
    }

    @Test("a credit the bank reports as returned (RtrInf) is our own payment coming back: parked for staff, never a customer's money, and its account identifies nobody")
    func returnedPayment() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 40)
            let account = "CH5800791123000889012"
            let summary = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "40.00", bankReference: "R1", debtorIBAN: account)], entryReference: "E1"),
                .init(payments: [.init(amount: "25.00", bankReference: "R2", debtorIBAN: account, returnReason: "AC04"),
                                 .init(amount: "15.00", bankReference: "R3", debtorIBAN: "DE89370400440532013000", returnReason: "NARR")], entryReference: "E2"),
            ]).data), fileName: "returns.xml")
            #expect(summary.settled == 1 && summary.flagged == 2 && summary.prepaid == 0)
            let returned = try await BankPayment.query(on: app.db).filter(\.$bankReference ~~ ["R2", "R3"]).all()
            #expect(returned.allSatisfy { $0.outcome == "flagged" && $0.flag == "returned_payment" && $0.organizationID == nil })
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 0, "the returned money is not Ana's")
            // Staff see it with what it is.
            let staff = try await Scenario.staff(app, role: .billing)
            let page = try await staff.get(SiteRoute.staffBilling.path).body.string
            #expect(page.contains(app.kontor.localizer.text("staff.billing.flag.returned_payment", .en)))
        }
    }

    @Test("a batch of one listed without its payment waits for the camt.054 (recorded, not credited), so the payment is credited once")
    func batchOfOneWithoutDetails() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 64)
            let payment = CamtFile.Payment(reference: invoice.reference, amount: "64.00", bankReference: "2000000000000000")
            let statement = CamtFile(kind: "053", entries: [
                .init(payments: [payment], entryReference: "1000000000000000", withoutDetails: true, statedBatchCount: 1),
            ])
            let day = try await Self.importer(app).run(.data(statement.data), fileName: "053.xml")
            #expect(day.flagged == 1 && day.unidentified == 0 && day.settled == 0)
            let notification = CamtFile(entries: [.init(payments: [payment], entryReference: "1000000000000000", statedBatchCount: 1)])
            #expect(try await Self.importer(app).run(.data(notification.data), fileName: "054.xml").settled == 1)
            let line = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).first())
            #expect(line.assignment == BankPayment.listedInDetailAssignment, "the camt.054 decided the line")
            #expect(try await BankPayment.query(on: app.db).filter(\.$outcome == "settled").count() == 1)
        }
    }

    @Test("an account that paid invoices of two customers, or that pays on someone else's behalf, identifies nobody")
    func sharedDebtorAccount() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let ben = try await BankImportTests.customer(app, "Ben").requireID()
            let carla = try await BankImportTests.customer(app, "Carla").requireID()
            let parent = "CH5800791123000889012", fiduciary = "CH9300762011623852957"
            let forAna = try await InvoiceTests.issue(app, to: ana, francs: 10)
            let forBen = try await InvoiceTests.issue(app, to: ben, francs: 20)
            let forCarla = try await InvoiceTests.issue(app, to: carla, francs: 30)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: forAna.reference, amount: "10.00", bankReference: "P1", debtorIBAN: parent)], entryReference: "E1"),
                .init(payments: [.init(reference: forBen.reference, amount: "20.00", bankReference: "P2", debtorIBAN: parent)], entryReference: "E2"),
                .init(payments: [.init(reference: forCarla.reference, amount: "30.00", bankReference: "P3", debtorIBAN: fiduciary)], entryReference: "E3"),
            ]).data), fileName: "invoices.xml")
            let later = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "5.00", bankReference: "P4", debtorIBAN: parent)], entryReference: "E4"),
                .init(payments: [.init(amount: "6.00", bankReference: "P5", debtorIBAN: fiduciary, debtorName: "Treuhand AG",
                                       ultimateDebtor: "Dora Beispiel")], entryReference: "E5"),
                .init(payments: [.init(amount: "7.00", bankReference: "P6", debtorIBAN: fiduciary, debtorName: "Treuhand AG")], entryReference: "E6"),
            ]).data), fileName: "later.xml")
            #expect(later.unidentified == 2 && later.prepaid == 1)
            #expect(try await PrepaidLedger.balance(of: carla, currency: .chf, on: app.db).minorUnits == 700,
                    "the fiduciary's own payment goes to the customer it paid for; the one for Dora does not")
            for org in [ana, ben] { #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero) }
        }
    }

    @Test("a fiduciary's account that paid a customer's invoice on the customer's behalf (UltmtDbtr) is not learnt as that customer's: its later payment without a reference waits for staff, whether it comes in the same file or the next")
    func accountThatPaidOnBehalfInAnEarlierFile() async throws {
        for sameFile in [false, true] {
            try await withTestApp { app, _ in
                let ana = try await BankImportTests.customer(app, "Ana").requireID()
                let invoice = try await InvoiceTests.issue(app, to: ana, francs: 58)
                let fiduciary = "CH5604835012345678009"
                let onBehalf = CamtFile.Entry(payments: [.init(reference: invoice.reference, amount: "58.00", bankReference: "U1", debtorIBAN: fiduciary,
                                                               debtorName: "Treuhand Muster AG", ultimateDebtor: "Ana")], entryReference: "EU1")
                let own = CamtFile.Entry(payments: [.init(amount: "250.00", bankReference: "U2", debtorIBAN: fiduciary, debtorName: "Treuhand Muster AG")],
                                         entryReference: "EU2")
                if sameFile {
                    let both = try await Self.importer(app).run(.data(CamtFile(entries: [onBehalf, own]).data), fileName: "both.xml")
                    #expect(both.settled == 1 && both.unidentified == 1, "\(both)")
                } else {
                    #expect(try await Self.importer(app).run(.data(CamtFile(entries: [onBehalf]).data), fileName: "first.xml").settled == 1)
                    let next = try await Self.importer(app).run(.data(CamtFile(entries: [own]).data), fileName: "next.xml")
                    #expect(next.unidentified == 1 && next.prepaid == 0, "\(next)")
                }
                #expect(try await PrepaidLedger.balance(of: ana, currency: .chf, on: app.db).isZero, "same file: \(sameFile)")
            }
        }
    }
}
