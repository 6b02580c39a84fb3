import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// The camt.053 and the camt.054 of one booking may date it differently: one on its booking day, the other on the next
/// day or on its value day only. The bank's reference of the booking (`Ntry/AcctSvcrRef`) names it whatever day each gives.
@Suite("Bank files of both kinds dating one booking on different days: its booking reference names it, so it is credited once")
struct BankBookingAcrossDaysTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    /// The camt.053 line of booking `E-DAY` (CHF 107.00), without details, as PostFinance writes it: the payer's reference
    /// only in the bank's note.
    static func statementLine(_ invoice: Invoice, bookedOn day: String, valueDay: String) -> CamtFile {
        var line = CamtFile.Entry(payments: [.init(amount: "107.00", bankReference: nil)], entryReference: "E-DAY", day: day)
        line.withoutDetails = true
        line.valueDay = valueDay
        line.additionalInformation = "GUTSCHRIFT QR-REFERENZ \(invoice.reference ?? "")"
        return CamtFile(kind: "053", day: day, entries: [line])
    }

    /// The camt.054 of booking `E-DAY`: the payment with its own reference and payer, dated `day` (no booking day: the
    /// value day alone).
    static func notification(_ invoice: Invoice, day: String, withoutBookingDay: Bool = false) -> CamtFile {
        var entry = CamtFile.Entry(payments: [.init(reference: invoice.reference, amount: "107.00", bankReference: "T-DAY-\(day)",
                                                    debtorIBAN: "CH5604835012345678009")], entryReference: "E-DAY", day: day)
        entry.withoutBookingDay = withoutBookingDay
        return CamtFile(kind: "054", day: day, entries: [entry])
    }

    @Test("a camt.053 booking on the 7th and the camt.054 of the same booking on the 8th (or on its value day only) credit it once, in either order",
          arguments: ["054 booked on the 8th", "054 with only its value day", "054 first"])
    func sameBookingOtherDay(order: String) async throws {
        try await withTestApp { app, _ in
            let (a, _, _) = try await BankTwoReportsTests.twoInvoices(app)   // a: CHF 107
            let files = switch order {
            case "054 booked on the 8th": [Self.statementLine(a, bookedOn: "2026-12-07", valueDay: "2026-12-08"), Self.notification(a, day: "2026-12-08")]
            case "054 with only its value day":
                [Self.statementLine(a, bookedOn: "2026-12-07", valueDay: "2026-12-08"), Self.notification(a, day: "2026-12-08", withoutBookingDay: true)]
            default: [Self.notification(a, day: "2026-12-08"), Self.statementLine(a, bookedOn: "2026-12-07", valueDay: "2026-12-07")]
            }
            let first = try await Self.importer(app).run(.data(files[0].data), fileName: "first.xml")
            #expect(first.settled == 1)
            let second = try await Self.importer(app).run(.data(files[1].data), fileName: "second.xml")
            #expect(second.duplicates == 1 && second.prepaid == 0 && second.unidentified == 0 && second.flagged == 0, "\(order): \(second)")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "no second credit (\(order))")
            #expect(try await BankTwoReportsTests.isPaid(app, a))
        }
    }

    @Test("a payment without any bank reference, booked a day apart by the two kinds where one gives no value day, is not credited twice: the second report waits for staff",
          arguments: ["053 without value day", "054 without value day", "neither"])
    func referencelessADayApart(missing: String) async throws {
        try await withTestApp { app, _ in
            let (a, _, _) = try await BankTwoReportsTests.twoInvoices(app)   // a: CHF 107
            let payment = CamtFile.Payment(reference: a.reference, amount: "107.00", bankReference: nil, debtorIBAN: "CH5604835012345678009")
            var notified = CamtFile.Entry(payments: [payment], entryReference: "", day: "2026-12-07")
            notified.withoutValueDay = missing != "053 without value day"
            var stated = CamtFile.Entry(payments: [payment], entryReference: "", day: "2026-12-08")
            stated.withoutValueDay = missing != "054 without value day"
            if !stated.withoutValueDay { stated.valueDay = "2026-12-08" }
            let first = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-12-07", entries: [notified]).data), fileName: "054.xml")
            #expect(first.settled == 1)
            let second = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-08", entries: [stated]).data), fileName: "053.xml")
            #expect(second.settled == 0 && second.prepaid == 0 && second.flagged == 1, "\(missing): \(second)")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "no second credit (\(missing))")
            let parked = try await BankPayment.query(on: app.db).filter(\.$flag == "maybe_in_other_file").count()
            #expect(parked == 1, "staff see it (\(missing))")
        }
    }

    @Test("a booking reference the bank gives again a week later is another booking: that payment is credited")
    func referenceAgainAWeekLater() async throws {
        try await withTestApp { app, _ in
            let (a, _, _) = try await BankTwoReportsTests.twoInvoices(app)
            _ = try await Self.importer(app).run(.data(Self.statementLine(a, bookedOn: "2026-12-07", valueDay: "2026-12-07").data), fileName: "053.xml")
            let later = try await Self.importer(app).run(.data(Self.notification(a, day: "2026-12-14").data), fileName: "054-next-week.xml")
            #expect(later.duplicates == 0 && later.prepaid == 1, "the invoice was paid: the second payment goes to the prepaid account (\(later))")
        }
    }
}
