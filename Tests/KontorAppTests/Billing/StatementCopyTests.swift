import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A camt.053 statement received a second time — a bank's copy, an export from another channel, a re-download — may
/// give its payments other bank references, or none. Keyed by those, each payment was new money and was credited a
/// second time (bank probe round 9, F2). The statement's account, number and day say it is the same statement.
@Suite("A statement imported again under other bank references credits nothing twice; what its first import lacks waits for staff")
struct StatementCopyTests {
    static let payer = "CH5604835012345678009"

    static func statement(_ number: Int64, day: String, _ entries: [CamtFile.Entry], page: (Int, Bool)? = nil) -> CamtFile {
        var file = CamtFile(kind: "053", accountCurrency: "CHF", day: day, entries: entries, sequence: number)
        file.periodEnd = day
        if let page { file.page = page }
        return file
    }

    @Test("statement 102 again with new references, or with none: the invoice is paid once and nothing is credited to the balance",
          arguments: ["new references", "no references"])
    func copyCreditsNothing(variant: String) async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
            let day = ReminderTests.day(app, clock)
            let paid = CamtFile.Payment(reference: invoice.reference, amount: "206.00", bankReference: "T102", debtorIBAN: Self.payer)
            let first = try await ReminderTests.importFile(app, clock, Self.statement(102, day: day, [.init(payments: [paid], entryReference: "E102")]))
            #expect(first.settled == 1)
            var copied = paid
            copied.bankReference = variant == "new references" ? "T102X" : nil
            let copy = try await ReminderTests.importFile(app, clock, Self.statement(102, day: day, [
                .init(payments: [copied], entryReference: variant == "new references" ? "E102X" : ""),
            ]))
            #expect(copy.duplicates == 1 && copy.settled == 0 && copy.prepaid == 0 && copy.flagged == 0, "\(copy)")
            #expect(try await PrepaidLedger.balance(of: ana, currency: .chf, on: app.db).isZero, "no second credit")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }

    @Test("a payment the copy lists that the first import of the statement did not is parked for staff, never credited; another statement number is new money")
    func whatTheFirstImportLacksWaits() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: ana, francs: 58, now: clock.now)
            let day = ReminderTests.day(app, clock)
            let billing = app.kontor.config.billing
            let one = CamtFile.Payment(amount: "10.00", bankReference: "A1", debtorIBAN: Self.payer)
            _ = try await ReminderTests.importFile(app, clock, Self.statement(7, day: day, [.init(payments: [one], entryReference: "EA1")]))
            var again = one
            again.bankReference = "A1-COPY"
            let extra = CamtFile.Payment(reference: invoice.reference, amount: "58.00", bankReference: "B1-COPY", debtorIBAN: Self.payer)
            let copy = try await ReminderTests.importFile(app, clock, Self.statement(7, day: day, [
                .init(payments: [again], entryReference: "EA1-COPY"), .init(payments: [extra], entryReference: "EB1-COPY"),
            ]))
            #expect(copy.duplicates == 1 && copy.flagged == 1 && copy.settled == 0, "\(copy)")
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == BatchImport.copiedStatementFlag).first())
            #expect(parked.outcome == BankPayment.Outcome.flagged.rawValue && parked.canBeCredited && parked.canBeClosed)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 5_800, "not settled on a guess")

            // Statement 8 of the next day, with a payment alike in everything but its references, is the next day's money.
            let next = try await ReminderTests.importFile(app, clock, Self.statement(8, day: billing.day(day, plus: 1), [
                .init(payments: [again], entryReference: "EA1-NEXT"),
            ]))
            #expect(next.duplicates == 0 && next.flagged == 0 && next.unidentified + next.prepaid == 1, "\(next)")
        }
    }

    @Test("a copy of a statement of 200 equal payments from one payer, under new references, repeats each of them once")
    func copyOfEqualPayments() async throws {
        try await withTestApp { app, clock in
            let day = ReminderTests.day(app, clock)
            func entries(_ prefix: String) -> [CamtFile.Entry] {
                (1...200).map { .init(payments: [.init(amount: "50.00", bankReference: "\(prefix)T\($0)", debtorIBAN: Self.payer)], entryReference: "\(prefix)E\($0)") }
            }
            let first = try await ReminderTests.importFile(app, clock, Self.statement(11, day: day, entries("")))
            #expect(first.transactions == 200 && first.duplicates == 0)
            let copy = try await ReminderTests.importFile(app, clock, Self.statement(11, day: day, entries("COPY-")))
            #expect(copy.duplicates == 200 && copy.flagged == 0 && copy.unidentified == 0, "\(copy)")
            // One payment more than the first import had is parked, not matched twice.
            let more = try await ReminderTests.importFile(app, clock, Self.statement(11, day: day, entries("AGAIN-") + [
                .init(payments: [.init(amount: "50.00", bankReference: "EXTRA", debtorIBAN: Self.payer)], entryReference: "EXTRA-E"),
            ]))
            #expect(more.duplicates == 200 && more.flagged == 1, "\(more)")
        }
    }

    @Test("a copy that leaves out the payer's account, or dates itself a day later (its period's end against the first's creation), still repeats each payment once")
    func copyNamingLessOrDatedOtherwise() async throws {
        try await withTestApp { app, clock in
            let day = ReminderTests.day(app, clock)
            let billing = app.kontor.config.billing
            let first = try await ReminderTests.importFile(app, clock, Self.statement(12, day: day, (1...150).map {
                .init(payments: [.init(amount: "50.00", bankReference: "T\($0)", debtorIBAN: Self.payer)], entryReference: "E\($0)")
            }))
            #expect(first.transactions == 150)
            var withoutPayer = Self.statement(12, day: day, (1...150).map {
                .init(payments: [.init(amount: "50.00", bankReference: "C\($0)")], entryReference: "CE\($0)")
            })
            withoutPayer.periodEnd = billing.day(day, plus: 1)   // its number and period: the same statement, dated a day on
            let copy = try await ReminderTests.importFile(app, clock, withoutPayer)
            #expect(copy.duplicates == 150 && copy.flagged == 0 && copy.unidentified == 0, "\(copy)")
        }
    }

    @Test("page 2 of a statement is no copy of page 1: its payments are booked")
    func pagesAreNotCopies() async throws {
        try await withTestApp { app, clock in
            let day = ReminderTests.day(app, clock)
            let payment = CamtFile.Payment(amount: "10.00", bankReference: "P1", debtorIBAN: Self.payer)
            var same = payment
            same.bankReference = "P2"
            _ = try await ReminderTests.importFile(app, clock, Self.statement(9, day: day, [.init(payments: [payment], entryReference: "EP1")], page: (1, false)))
            let second = try await ReminderTests.importFile(app, clock, Self.statement(9, day: day, [.init(payments: [same], entryReference: "EP2")], page: (2, true)))
            #expect(second.duplicates == 0 && second.flagged == 0, "\(second)")
        }
    }
}
