import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A camt.053 and a camt.054 report the same bookings under different keys: what is one payment reported twice is
/// credited once, and what only looks alike (amount and day) is never dropped.
@Suite("Bank files of both kinds: the same booking once, another payer's money of the same amount and day never lost")
struct BankTwoReportsTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    /// Two customers with an invoice each: CHF 107 (`INVOICE_A`) and CHF 14 (`INVOICE_B`), as the fixtures expect.
    static func twoInvoices(_ app: Application) async throws -> (a: Invoice, b: Invoice, values: [String: String?]) {
        let weber = try await BankImportTests.customer(app, "Weber").requireID()
        let martin = try await BankImportTests.customer(app, "Martin").requireID()
        let a = try await InvoiceTests.issue(app, to: weber, francs: 107)
        let b = try await InvoiceTests.issue(app, to: martin, francs: 14)
        return (a, b, ["INVOICE_A": a.reference, "INVOICE_B": b.reference])
    }

    /// A camt.053 with one line of CHF 313.00 that lists no payment and names no booking reference.
    static func namelessStatementLine() -> Data {
        var whole = CamtFile.Entry(payments: [], entryReference: "E-COLL", amount: "313.00")
        whole.withoutDetails = true
        return Data(CamtFile(kind: "053", entries: [whole]).xml.replacingOccurrences(of: "<AcctSvcrRef>E-COLL</AcctSvcrRef>", with: "").utf8)
    }

    /// A camt.054 listing the two payments of collective booking `E-COLL` (CHF 313.00): `first` (206.00), `second` (107.00).
    static func collectiveNotification(_ first: Invoice, _ second: Invoice) -> Data {
        CamtFile(kind: "054", entries: [
            .init(payments: [.init(reference: first.reference, amount: "206.00", bankReference: "T1"),
                             .init(reference: second.reference, amount: "107.00", bankReference: "T2")], entryReference: "E-COLL"),
        ]).data
    }

    static func isPaid(_ app: Application, _ invoice: Invoice) async throws -> Bool {
        try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0
    }

    @Test("a QR payment inside a collective booking is not an unrelated transfer of the same amount and day: both are recorded, in either order",
          arguments: [("camt054-v08-qr-collective-of-two.xml", "camt053-v08-collective-without-details-and-lone-transfer.xml"),
                      ("camt054-v08-qr-collective-of-two-without-debtor-accounts.xml", "camt053-v08-collective-without-details-and-detailed-transfer.xml")])
    func collectiveAndLoneTransfer(notification: String, statement: String) async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, b, values) = try await Self.twoInvoices(app)
                let files = notificationFirst ? [notification, statement] : [statement, notification]
                var summaries: [String: BankStatementImporter.Summary] = [:]
                for file in files { summaries[file] = try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file) }
                let stated = try #require(summaries[statement]), notified = try #require(summaries[notification])
                // The collective line: dropped when its payments are in already, else recorded to wait for them.
                #expect(stated.duplicates == 0 && stated.unidentified == 1 && (notificationFirst ? stated.ignored == 1 : stated.flagged == 1),
                        "the transfer is money of its own; the collective is credited through the camt.054 (054 first: \(notificationFirst))")
                #expect(notified.duplicates == 0 && notified.settled == 2, "both QR payments settle their invoices (054 first: \(notificationFirst))")
                let paidA = try await Self.isPaid(app, a), paidB = try await Self.isPaid(app, b)
                #expect(paidA && paidB)
                #expect(try await BankPayment.query(on: app.db).count() == (notificationFirst ? 3 : 4))
                #expect(try await BankPayment.query(on: app.db).filter(\.$outcome == "unidentified").first()?.bookingAmountMinor == 10_700)
                #expect(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).filter(\.$assignment == nil).count() == 0,
                        "nothing waits for its details once the camt.054 is in")
            }
        }
    }

    @Test("a camt.053 line without details that names nobody waits for staff until the camt.054 of the same booking names the payer: then the invoice is settled, once, in either order")
    func namelessLineCompletedByItsDetails() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, _, _) = try await Self.twoInvoices(app)
                var line = CamtFile.Entry(payments: [.init(amount: "107.00", bankReference: nil)], entryReference: "E-LONE")
                line.withoutDetails = true
                let statement = CamtFile(kind: "053", entries: [line]).data
                let notification = CamtFile(kind: "054", entries: [
                    .init(payments: [.init(reference: a.reference, amount: "107.00", bankReference: "T-LONE", debtorIBAN: "CH9300762011623852957")],
                          entryReference: "E-LONE"),
                ]).data
                let files = notificationFirst ? [notification, statement] : [statement, notification]
                for (index, file) in files.enumerated() { _ = try await Self.importer(app).run(.data(file), fileName: "file-\(index).xml") }
                let paid = try await Self.isPaid(app, a)
                #expect(paid, "054 first: \(notificationFirst)")
                #expect(try await UnidentifiedPayments(db: app.db).count() == 0, "nothing waits for staff (054 first: \(notificationFirst))")
                #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
                // Either file again changes nothing.
                for (index, file) in files.enumerated() {
                    #expect(try await Self.importer(app).run(.data(file), fileName: "again-\(index).xml").duplicates == 1)
                }
                #expect(try await InvoiceSettlement.query(on: app.db).count() == 1)
            }
        }
    }

    @Test("a collective booking listed by position in another order in each file: the nameless position is not taken by the payer of another position; no payer is booked twice or lost")
    func namelessPositionInAReorderedBatch() async throws {
        try await withTestApp { app, _ in
            let (a, b, _) = try await Self.twoInvoices(app)   // CHF 107 and CHF 14
            let ana = "CH9300762011623852957", ben = "CH5604835012345678009"
            _ = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [
                .init(payments: [.init(amount: "107.00", bankReference: nil, debtorName: ""),
                                 .init(reference: a.reference, amount: "107.00", bankReference: nil, debtorIBAN: ana)], entryReference: "E-POS"),
            ]).data), fileName: "053.xml")
            #expect(try await Self.isPaid(app, a))
            _ = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: a.reference, amount: "107.00", bankReference: nil, debtorIBAN: ana),
                                 .init(reference: b.reference, amount: "107.00", bankReference: nil, debtorIBAN: ben)], entryReference: "E-POS"),
            ]).data), fileName: "054.xml")
            // Ana's 107.00 is booked once: nothing of hers goes to the prepaid account as a second payment. The nameless
            // position was Ben's (the camt.054 names the booking's two payers): his 107.00 is booked, to his prepaid
            // account (his invoice is 14.00), and nothing is left for staff or lost.
            let anaCredits = try await PrepaidEntry.query(on: app.db).filter(\.$organization.$id == a.$organization.id).count()
            #expect(anaCredits == 0, "Ana's payment was booked a second time")
            #expect(try await BankPayment.query(on: app.db).filter(\.$debtorIBAN == ana).filter(\.$outcome != "flagged").count() == 1)
            let benCredited = try await PrepaidEntry.query(on: app.db).filter(\.$organization.$id == b.$organization.id).all()
                .reduce(Int64(0)) { $0 + $1.amountMinor }
            #expect(benCredited == 10_700, "Ben's payment was lost")
            #expect(try await UnidentifiedPayments(db: app.db).count() == 0)
        }
    }

    @Test("a nameless camt.053 line staff already credited is not booked again by the camt.054 that names its payer")
    func namelessLineDecidedByStaffFirst() async throws {
        try await withTestApp { app, _ in
            let (a, _, _) = try await Self.twoInvoices(app)
            var line = CamtFile.Entry(payments: [.init(amount: "107.00", bankReference: nil)], entryReference: "E-LONE")
            line.withoutDetails = true
            _ = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [line]).data), fileName: "053.xml")
            let queue = UnidentifiedPayments(db: app.db)
            let waiting = try #require(try await queue.waiting().first)
            let organization = try #require(try await Organization.find(a.$organization.id, on: app.db))
            try await queue.assign(waiting.requireID(), to: organization, staffID: UUID(), now: Date())
            let notified = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: a.reference, amount: "107.00", bankReference: "T-LONE")], entryReference: "E-LONE"),
            ]).data), fileName: "054.xml")
            #expect(notified.duplicates == 1 && notified.settled == 0)
            let credited = try await PrepaidEntry.query(on: app.db).all().reduce(Int64(0)) { $0 + $1.amountMinor }
            #expect(credited == 10_700, "credited once, by staff")
        }
    }

    @Test("PostFinance's booking without details that writes the QR reference in AddtlNtryInf settles the invoice; a collective booking's note is not read for one")
    func referenceInTheBanksNote() async throws {
        try await withTestApp { app, _ in
            let (a, b, _) = try await Self.twoInvoices(app)
            var lone = CamtFile.Entry(payments: [.init(amount: "107.00", bankReference: nil)], entryReference: "E-PF")
            lone.withoutDetails = true
            lone.additionalInformation = "GUTSCHRIFT QR-IBAN REF. \(a.reference)"
            // Two payments listed without references, one of them of invoice b's amount: the booking's note is about the
            // whole collective booking and gives neither payment b's reference.
            var collective = CamtFile.Entry(payments: [.init(amount: "14.00", bankReference: "PF-2-1"), .init(amount: "7.00", bankReference: "PF-2-2")],
                                            entryReference: "E-PF-2")
            collective.additionalInformation = "SAMMELGUTSCHRIFT \(b.reference)"
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [lone, collective]).data), fileName: "postfinance.xml")
            let paidA = try await Self.isPaid(app, a), paidB = try await Self.isPaid(app, b)
            #expect(paidA && !paidB, "\(summary)")
            let row = try #require(try await BankPayment.query(on: app.db).filter(\.$entryReference == "E-PF").first())
            #expect(row.message?.hasPrefix("GUTSCHRIFT QR-IBAN") == true, "staff see what the bank wrote")
        }
    }

    @Test("a camt.054 that gives its booking time in UTC and the camt.053 that gives the Zurich day credit the payment once, in either order")
    func bookingTimeInUTC() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, _, values) = try await Self.twoInvoices(app)
                let files = ["camt054-v08-booking-time-in-utc.xml", "camt053-v08-booking-of-the-utc-payment.xml"]
                var duplicates = 0
                for file in notificationFirst ? files : files.reversed() {
                    duplicates += try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file).duplicates
                }
                let paid = try await Self.isPaid(app, a)
                #expect(duplicates == 1 && paid, "054 first: \(notificationFirst)")
                #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "no second credit to the prepaid account (054 first: \(notificationFirst))")
                #expect(try await BankPayment.query(on: app.db).all().map(\.bookingDate) == ["2026-12-08"])
            }
        }
    }

    @Test("payments recorded before booking times were read on the bank's calendar (under the UTC date) are not booked again when a file of them comes again")
    func recordedUnderTheWrittenDate() async throws {
        try await withTestApp { app, _ in
            let (a, _, values) = try await Self.twoInvoices(app)
            let file = try String(decoding: CamtFixture.data("camt054-v08-booking-time-in-utc.xml", values), as: UTF8.self)
            // The same payment with the bank's reference, and a top-up the bank gave no reference at all (a fingerprint).
            let topUp = try BankImportTests.topUp(app, try #require(try await Organization.find(a.$organization.id, on: app.db)))
            let withFingerprint = file.replacingOccurrences(of: "</Ntfctn>", with: """
                <Ntry><Amt Ccy="CHF">25.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2026-12-07T23:50:00Z</DtTm></BookgDt><NtryDtls><TxDtls><Amt Ccy="CHF">25.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>\(topUp)</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry></Ntfctn>
                """)
            let first = try await Self.importer(app).run(.data(Data(withFingerprint.utf8)), fileName: "first.xml")
            #expect(first.settled == 1 && first.prepaid == 1)
            // As Kontor recorded them before: the date part of the UTC time, in the row and in the fingerprint.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("""
                UPDATE bank_payments SET booking_date = '2026-12-07', dedupe_key = REPLACE(dedupe_key, '|2026-12-08|', '|2026-12-07|')
                """).run()
            let again = try await Self.importer(app).run(.data(Data(withFingerprint.replacingOccurrences(of: "N-UTC", with: "N-UTC-2").utf8)),
                                                         fileName: "downloaded-again.xml")
            #expect(again.duplicates == 2 && again.settled == 0 && again.prepaid == 0 && again.flagged == 0, "\(again)")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 1)
        }
    }

    @Test("a camt.054 without a booking day and the camt.053 of the same booking (same entry reference) credit it once, in either order")
    func withoutBookingDay() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, _, values) = try await Self.twoInvoices(app)
                let files = ["camt054-v08-without-booking-date.xml", "camt053-v08-same-booking-without-transaction-reference.xml"]
                var duplicates = 0
                for file in notificationFirst ? files : files.reversed() {
                    duplicates += try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file).duplicates
                }
                let paid = try await Self.isPaid(app, a)
                #expect(duplicates == 1 && paid)
                #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "no second credit to the prepaid account (054 first: \(notificationFirst))")
                #expect(try await BankPayment.query(on: app.db).count() == 1)
            }
        }
    }

    @Test("a collective booking listed with one summary detail of its whole amount is no payment: its payments come from the camt.054, in either order")
    func summaryDetail() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, b, values) = try await Self.twoInvoices(app)
                let files = ["camt054-v08-qr-collective-of-two.xml", "camt053-v08-collective-with-summary-detail.xml"]
                for file in notificationFirst ? files : files.reversed() {
                    _ = try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file)
                }
                let paidA = try await Self.isPaid(app, a), paidB = try await Self.isPaid(app, b)
                #expect(paidA && paidB)
                #expect(try await UnidentifiedPayments(db: app.db).count() == 0, "no CHF 121 'payment' waits for staff (054 first: \(notificationFirst))")
                #expect(try await BankPayment.query(on: app.db).count() == 2)
            }
        }
    }

    @Test("payments alike in amount and day only, with nothing else both files name, are kept and shown to staff, never dropped or credited on a guess")
    func amountAndDayOnly() async throws {
        try await withTestApp { app, _ in
            let notification = CamtFile(kind: "054", entries: [.init(payments: [.init(amount: "60.00", bankReference: "T-1", debtorIBAN: "CH9300762011623852957")],
                                                                     entryReference: "E-1")])
            // No entry reference: the statement's line says nothing but amount and day.
            let statement = CamtFile(kind: "053", entries: [.init(payments: [.init(amount: "60.00", bankReference: nil)], entryReference: "E-1", withoutDetails: true)])
            let anonymous = statement.xml.replacingOccurrences(of: "<AcctSvcrRef>E-1</AcctSvcrRef>", with: "")
            _ = try await Self.importer(app).run(.data(notification.data), fileName: "054.xml")
            let stated = try await Self.importer(app).run(.data(Data(anonymous.utf8)), fileName: "053.xml")
            #expect(stated.duplicates == 0 && stated.flagged == 1)
            let kept = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == "maybe_in_other_file").first())
            #expect(kept.outcome == "flagged" && kept.canBeCredited, "staff credit or refund it once they know")
        }
    }

    @Test("a camt.053 line of a collective booking's whole amount without a booking reference, beside the camt.054 that listed its payments, waits for staff with a warning, in either order; a nameless line of another amount does not")
    func collectiveWholeWithoutBookingReference() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let org = try await BankImportTests.customer(app, "Ana").requireID()
                let first = try await InvoiceTests.issue(app, to: org, francs: 206), second = try await InvoiceTests.issue(app, to: org, francs: 107)
                let notification = Self.collectiveNotification(first, second)
                var whole = CamtFile.Entry(payments: [], entryReference: "E-COLL", amount: "313.00"), other = CamtFile.Entry(payments: [], entryReference: "E-OTHER", amount: "300.00")
                whole.withoutDetails = true
                other.withoutDetails = true
                // The statement's lines name no booking reference: nothing but amount and day ties the first to the notification.
                let statement = Data(CamtFile(kind: "053", entries: [whole, other]).xml
                    .replacingOccurrences(of: "<AcctSvcrRef>E-COLL</AcctSvcrRef>", with: "")
                    .replacingOccurrences(of: "<AcctSvcrRef>E-OTHER</AcctSvcrRef>", with: "").utf8)
                let files = [("054.xml", notification), ("053.xml", statement)]
                for (name, data) in notificationFirst ? files : files.reversed() { _ = try await Self.importer(app).run(.data(data), fileName: name) }

                let paidFirst = try await Self.isPaid(app, first), paidSecond = try await Self.isPaid(app, second)
                #expect(paidFirst && paidSecond, "the payments the camt.054 lists settle their invoices (054 first: \(notificationFirst))")
                let line = try #require(try await BankPayment.query(on: app.db).filter(\.$amountMinor == 31_300).first())
                #expect(line.flag == "maybe_in_other_file" && line.outcome == "flagged" && line.assignment == nil,
                        "shown to staff as perhaps the money already credited (054 first: \(notificationFirst))")
                let unrelated = try #require(try await BankPayment.query(on: app.db).filter(\.$amountMinor == 30_000).first())
                #expect(unrelated.outcome == "unidentified" && unrelated.flag != "maybe_in_other_file")
                #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
            }
        }
    }

    @Test("once staff credited a nameless camt.053 line of a collective booking's whole amount, the camt.054 listing that booking's payments parks them instead of settling invoices a second time")
    func nameLessWholeCreditedFirst() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206), second = try await InvoiceTests.issue(app, to: org, francs: 107)
            let statement = Self.namelessStatementLine()
            #expect(try await Self.importer(app).run(.data(statement), fileName: "053.xml").unidentified == 1)
            let waiting = try #require(try await BankPayment.query(on: app.db).first())
            try await UnidentifiedPayments(db: app.db).assign(waiting.requireID(), to: try #require(try await Organization.find(org, on: app.db)),
                                                              staffID: UUID(), now: Date())
            let notification = Self.collectiveNotification(first, second)
            let parked = try await Self.importer(app).run(.data(notification), fileName: "054.xml")
            #expect(parked.settled == 0 && parked.flagged == 2, "\(parked)")
            #expect(try await BankPayment.query(on: app.db).filter(\.$flag == "maybe_in_other_file").count() == 2)
        }
    }

    @Test("a nameless line of the same sum is no longer in question once the booking's own line was found by its reference")
    func namelessLineBesideMatchedBooking() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206), second = try await InvoiceTests.issue(app, to: org, francs: 107)
            // The statement: the collective line with its booking reference, and another payer's nameless transfer of the same sum.
            var collective = CamtFile.Entry(payments: [], entryReference: "E-COLL", amount: "313.00"), transfer = CamtFile.Entry(payments: [], entryReference: "E-T", amount: "313.00")
            collective.withoutDetails = true
            transfer.withoutDetails = true
            let statement = Data(CamtFile(kind: "053", entries: [collective, transfer]).xml.replacingOccurrences(of: "<AcctSvcrRef>E-T</AcctSvcrRef>", with: "").utf8)
            #expect(try await Self.importer(app).run(.data(statement), fileName: "053.xml").unidentified == 2)
            // Staff credit the transfer to its payer, rightly.
            let nameless = try #require(try await BankPayment.query(on: app.db).filter(\.$entryReference == nil).first())
            try await UnidentifiedPayments(db: app.db).assign(nameless.requireID(), to: try #require(try await Organization.find(org, on: app.db)),
                                                              staffID: UUID(), now: Date())
            let notification = Self.collectiveNotification(first, second)
            let listed = try await Self.importer(app).run(.data(notification), fileName: "054.xml")
            #expect(listed.settled == 2 && listed.flagged == 0, "the booking's own line was found: its payments settle their invoices (\(listed))")
        }
    }

    @Test("a nameless whole line parked for a reason of its own keeps that reason when the camt.054 lists a booking of its amount")
    func parkedLineKeepsItsReason() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206), second = try await InvoiceTests.issue(app, to: org, francs: 107)
            let statement = Self.namelessStatementLine()
            _ = try await Self.importer(app).run(.data(statement), fileName: "053.xml")
            // Parked as money of ours coming back (the importer parks such lines; set here to isolate the rule).
            try await BankPayment.query(on: app.db).set(\.$outcome, to: "flagged").set(\.$flag, to: "returned_payment").update()
            let notification = Self.collectiveNotification(first, second)
            let listed = try await Self.importer(app).run(.data(notification), fileName: "054.xml")
            #expect(listed.settled == 2, "\(listed)")
            #expect(try await BankPayment.query(on: app.db).filter(\.$amountMinor == 31_300).first()?.flag == "returned_payment")
        }
    }

    @Test("a camt.053 and a camt.054 of one payment imported at the same moment over two servers credit it once")
    func importedAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let weber = try await BankImportTests.customer(apps[0], "Weber").requireID()
            let invoice = try await InvoiceTests.issue(apps[0], to: weber, francs: 107)
            // Filler payments after it keep each import's transaction open after it wrote the payment.
            func filler(_ prefix: String) -> [CamtFile.Entry] {
                (1...150).map { .init(payments: [.init(amount: "1.\(String(format: "%02d", $0 % 100))", bankReference: nil)], entryReference: "\(prefix)-\($0)") }
            }
            let payment = CamtFile.Payment(reference: invoice.reference, amount: "107.00", bankReference: "ZKB-T-7781", debtorIBAN: "CH9300762011623852957")
            var statementPayment = payment
            statementPayment.bankReference = nil
            let files = [
                CamtFile(kind: "054", entries: [.init(payments: [payment], entryReference: "ZKB-E-7781")] + filler("N")).data,
                CamtFile(kind: "053", entries: [.init(payments: [statementPayment], entryReference: "ZKB-E-7781")] + filler("S")).data,
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, file) in files.enumerated() {
                    let app = apps[index]
                    group.addTask {
                        var importer = Self.importer(app)
                        importer.transactionsPerBatch = 1
                        _ = try await importer.run(.data(file), fileName: "at-once-\(index).xml")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await InvoiceSettlement.query(on: apps[0].db).count() == 1, "settled once")
            #expect(try await PrepaidEntry.query(on: apps[0].db).count() == 0, "and not credited a second time")
            #expect(try await BankPayment.query(on: apps[1].db).filter(\.$reference == invoice.reference).count() == 1)
        }
    }

    @Test("staff crediting a nameless camt.053 line on one server while the camt.054 that names its payer imports on another: the money is booked once; staff acting while the import holds the line are told it was decided",
          arguments: [false, true])
    func namelessLineCreditedWhileItsDetailsImport(staffDuringTheImport: Bool) async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (a, _, _) = try await Self.twoInvoices(apps[0])
            var line = CamtFile.Entry(payments: [.init(amount: "107.00", bankReference: nil)], entryReference: "E-LONE")
            line.withoutDetails = true
            _ = try await Self.importer(apps[0]).run(.data(CamtFile(kind: "053", entries: [line]).data), fileName: "053.xml")
            let waiting = try #require(try await UnidentifiedPayments(db: apps[1].db).waiting().first)
            let organization = try #require(try await Organization.find(a.$organization.id, on: apps[1].db))
            let filler: [CamtFile.Entry] = (1...20).map {
                .init(payments: [.init(amount: "1.\(String(format: "%02d", $0 % 100))", bankReference: nil)], entryReference: "F-\($0)")
            }
            let notification = CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: a.reference, amount: "107.00", bankReference: "T-LONE", debtorIBAN: "CH9300762011623852957")],
                      entryReference: "E-LONE"),
            ] + filler).data
            @Sendable func credit() async throws -> Bool {
                do {
                    try await UnidentifiedPayments(db: apps[1].db).assign(waiting.requireID(), to: organization, staffID: UUID(), now: Date())
                    return true
                } catch let error as AppError {
                    #expect(error.messageKey == "error.billing.payment_decided", "staff are told the payment was decided: \(error)")
                    return false
                }
            }
            var importer = Self.importer(apps[0])
            importer.transactionsPerBatch = 1
            let staff = StaffAttempt()
            let summary: BankStatementImporter.Summary
            let staffCredited: Bool
            if staffDuringTheImport {
                // After the import's first batch claimed the line and before it commits: the staff member's request on the
                // other server waits for the import, then finds the line decided.
                importer.afterMatching = { await staff.startOnce { try await credit() } }
                summary = try await importer.run(.data(notification), fileName: "054.xml")
                staffCredited = try await staff.result()
                #expect(!staffCredited, "the import held the line: staff cannot credit it as well")
            } else {
                // Both at once, as they come: either may win, never both.
                async let imported = importer.run(.data(notification), fileName: "054.xml")
                async let credited = credit()
                (summary, staffCredited) = try await (imported, credited)
            }
            let prepaid = try await PrepaidEntry.query(on: apps[0].db).filter(\.$amountMinor == 10_700).count()
            let settlements = try await InvoiceSettlement.query(on: apps[0].db).count()
            #expect(prepaid + settlements == 1, "107.00 booked once (prepaid \(prepaid), settled \(settlements), staff \(staffCredited))")
            if staffCredited {
                #expect(summary.duplicates == 1 && summary.settled == 0, "the camt.054 counts a repeat of what staff credited")
            } else {
                #expect(try await Self.isPaid(apps[0], a), "the camt.054 settled the invoice")
            }
            #expect(try await UnidentifiedPayments(db: apps[0].db).count() == 20, "only the filler waits for staff")
        }
    }
}

/// A staff action started from inside an import (its `afterMatching`), once, and awaited after the import.
actor StaffAttempt {
    private var task: Task<Bool, any Error>?

    func startOnce(_ action: @escaping @Sendable () async throws -> Bool) {
        guard task == nil else { return }
        task = Task.detached { try await action() }
    }

    func result() async throws -> Bool {
        guard let task else { Issue.record("the import never matched a batch"); return false }
        return try await task.value
    }
}

/// A bank that gives no references of its own (neither the booking's nor the payment's) may still book one payment a day
/// apart in its two kinds of file: the camt.054 on the 7th, the camt.053 on the 8th, both with value day the 7th (or a
/// booking time in UTC that is the next day in Zurich). Compared by booking day alone, the payment was credited twice.
@Suite("One payment without bank references, booked a day apart by the camt.053 and the camt.054 with one value day, is credited once")
struct BankTwoReportsADayApartTests {
    @Test("either file first: the invoice settled once, nothing on the prepaid balance", arguments: [false, true])
    func bookedADayApart(statementFirst: Bool) async throws {
        try await withTestApps(count: 1) { apps, _ in
            let app = apps[0]
            let (a, _, _) = try await BankTwoReportsTests.twoInvoices(app)
            let payment = CamtFile.Payment(reference: a.reference, amount: "107.00", bankReference: nil, debtorIBAN: "CH5604835012345678009")
            let notification = CamtFile(kind: "054", entries: [.init(payments: [payment], entryReference: "", day: "2026-12-07", valueDay: "2026-12-07")])
            let statement = CamtFile(kind: "053", entries: [.init(payments: [payment], entryReference: "", day: "2026-12-08", valueDay: "2026-12-07")])
            for file in statementFirst ? [statement, notification] : [notification, statement] {
                _ = try await BankTwoReportsTests.importer(app).run(.data(file.data), fileName: "\(file.kind).xml")
            }
            #expect(try await InvoiceSettlement.query(on: app.db).count() == 1)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "not credited a second time")
            #expect(try await BankTwoReportsTests.isPaid(app, a))
        }
    }
}
