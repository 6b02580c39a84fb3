import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// What a review with hand-made bank files found: the same booking in a camt.053 and a camt.054 under different
/// keys, returns Kontor could not book by itself, and amounts and currencies no invoice can be paid in.
@Suite("Bank files: one booking in both kinds of file is credited once, every return is compensated or shown to staff, money in no accepted currency is parked")
struct BankReturnsAndOverlapTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    static func prepaidEntries(_ app: Application, _ organizationID: UUID) async throws -> Int {
        try await PrepaidEntry.query(on: app.db).filter(\.$organization.$id == organizationID).count()
    }

    @Test("a payment the camt.054 keys by its transaction reference and the camt.053 only by the booking's is credited once, in either order")
    func overlapUnderDifferentKeys() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206)
            let second = try await InvoiceTests.issue(app, to: org, francs: 107)
            let notification = CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: first.reference, amount: "206.00", bankReference: "TX-7781", debtorIBAN: "CH9300762011623852957")],
                      entryReference: "ENTRY-7781"),
            ])
            let statement = CamtFile(kind: "053", entries: [
                .init(payments: [.init(reference: first.reference, amount: "206.00", bankReference: nil, debtorIBAN: "CH9300762011623852957")],
                      entryReference: "ENTRY-7781"),
                // A collective booking listed with its payments but without the bank's reference for each.
                .init(payments: [.init(reference: second.reference, amount: "107.00", bankReference: nil),
                                 .init(amount: "25.00", bankReference: nil, debtorIBAN: "CH5604835012345678009")],
                      entryReference: "BATCH-1"),
            ])
            let batch = CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: second.reference, amount: "107.00", bankReference: "TX-1"),
                                 .init(amount: "25.00", bankReference: "TX-2", debtorIBAN: "CH5604835012345678009")],
                      entryReference: "BATCH-1"),
            ])
            let notified = try await Self.importer(app).run(.data(notification.data), fileName: "054.xml")
            #expect(notified.settled == 1)
            let stated = try await Self.importer(app).run(.data(statement.data), fileName: "053.xml")
            #expect(stated.duplicates == 1, "the camt.053's copy of TX-7781 is the same booking")
            #expect(stated.settled == 1 && stated.unidentified == 1, "the batch is new so far: its payments are booked from the camt.053")
            let batched = try await Self.importer(app).run(.data(batch.data), fileName: "054-batch.xml")
            #expect(batched.duplicates == 2 && batched.settled == 0 && batched.prepaid == 0 && batched.unidentified == 0,
                    "the camt.054 arriving after its camt.053 changes nothing")
            #expect(try await Self.prepaidEntries(app, org) == 0, "no second credit of a settled invoice's payment")
            #expect(try await BankPayment.query(on: app.db).count() == 3)
            #expect(try await InvoiceSettlement.query(on: app.db).count() == 2)
        }
    }

    @Test("a collective booking the camt.054 listed payment by payment and the camt.053 shows as one plain entry, without Btch, is not waiting for staff as a second sum")
    func collectiveShownWhole() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206), second = try await InvoiceTests.issue(app, to: org, francs: 107)
            let notified = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: first.reference, amount: "206.00", bankReference: "T1"),
                                 .init(reference: second.reference, amount: "107.00", bankReference: "T2")], entryReference: "E-COLL"),
            ]).data), fileName: "054.xml")
            #expect(notified.settled == 2)
            // The statement: the same booking as one line of 313.00, no batch said, no payment listed (and a summary detail).
            for (name, payments) in [("plain", [CamtFile.Payment]()), ("summary", [CamtFile.Payment(amount: "313.00", bankReference: "E-COLL-S")])] {
                var entry = CamtFile.Entry(payments: payments, entryReference: "E-COLL", amount: "313.00")
                entry.withoutDetails = payments.isEmpty
                let stated = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [entry]).data), fileName: "053-\(name).xml")
                #expect(stated.unidentified == 0 && stated.settled == 0 && stated.ignored == 1, "\(name): \(stated)")
            }
            #expect(try await BankPayment.query(on: app.db).count() == 2)
        }
    }

    @Test("the other way round: a camt.053 line of a collective booking's whole amount, waiting for staff, is decided by the camt.054 that lists its payments; once staff credited it, those payments wait for staff")
    func collectiveShownWholeFirst() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206), second = try await InvoiceTests.issue(app, to: org, francs: 107)
            func statement(_ entry: String) -> Data {
                var line = CamtFile.Entry(payments: [], entryReference: entry, amount: "313.00")
                line.withoutDetails = true
                return CamtFile(kind: "053", entries: [line]).data
            }
            func notification(_ entry: String, _ tag: String) -> Data {
                CamtFile(kind: "054", entries: [.init(payments: [.init(reference: first.reference, amount: "206.00", bankReference: "\(tag)1"),
                                                                 .init(reference: second.reference, amount: "107.00", bankReference: "\(tag)2")],
                                                      entryReference: entry)]).data
            }
            #expect(try await Self.importer(app).run(.data(statement("E-A")), fileName: "053-a.xml").unidentified == 1)
            let listed = try await Self.importer(app).run(.data(notification("E-A", "A")), fileName: "054-a.xml")
            #expect(listed.settled == 2)
            let line = try #require(try await BankPayment.query(on: app.db).filter(\.$entryReference == "E-A").filter(\.$transactionReference == nil).first())
            #expect(line.assignment == BankPayment.listedInDetailAssignment, "no longer waiting for staff beside the payments it stands for")
            #expect(try await UnidentifiedPayments(db: app.db).count() == 0)

            // Staff credited the line to Ana before the camt.054 came: its payments must not settle invoices on top of it.
            let third = try await InvoiceTests.issue(app, to: org, francs: 206), fourth = try await InvoiceTests.issue(app, to: org, francs: 107)
            #expect(try await Self.importer(app).run(.data(statement("E-B")), fileName: "053-b.xml").unidentified == 1)
            let waiting = try #require(try await BankPayment.query(on: app.db).filter(\.$entryReference == "E-B").first())
            try await UnidentifiedPayments(db: app.db).assign(waiting.requireID(), to: try #require(try await Organization.find(org, on: app.db)),
                                                              staffID: UUID(), now: Date())
            let late = CamtFile(kind: "054", entries: [.init(payments: [.init(reference: third.reference, amount: "206.00", bankReference: "B1"),
                                                                        .init(reference: fourth.reference, amount: "107.00", bankReference: "B2")],
                                                             entryReference: "E-B")]).data
            let parked = try await Self.importer(app).run(.data(late), fileName: "054-b.xml")
            #expect(parked.settled == 0 && parked.flagged == 2, "\(parked)")
            #expect(try await Invoice.find(third.id, on: app.db)?.openMinor == 20_600)
        }
    }

    @Test("the camt.054 deciding a waiting whole-booking line and staff crediting the same line at the same moment, over two servers: one of them decides it, never both")
    func wholeLineDecidedOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let org = try await BankImportTests.customer(apps[0], "Ana").requireID()
            let organization = try #require(try await Organization.find(org, on: apps[0].db))
            var outcomes: [String] = []
            for round in 0..<4 {
                let first = try await InvoiceTests.issue(apps[0], to: org, francs: 206), second = try await InvoiceTests.issue(apps[0], to: org, francs: 107)
                let entry = "E-R\(round)"
                var line = CamtFile.Entry(payments: [], entryReference: entry, amount: "313.00")
                line.withoutDetails = true
                #expect(try await Self.importer(apps[0]).run(.data(CamtFile(kind: "053", entries: [line]).data), fileName: "053-\(round).xml").unidentified == 1)
                let waiting = try #require(try await BankPayment.query(on: apps[0].db).filter(\.$entryReference == entry).first())
                let parts = CamtFile(kind: "054", entries: [.init(payments: [.init(reference: first.reference, amount: "206.00", bankReference: "\(entry)-1"),
                                                                            .init(reference: second.reference, amount: "107.00", bankReference: "\(entry)-2")],
                                                                 entryReference: entry)]).data
                async let imported = Self.importer(apps[round % 2]).run(.data(parts), fileName: "054-\(round).xml")
                async let assigned: Bool = {
                    do {
                        try await UnidentifiedPayments(db: apps[(round + 1) % 2].db).assign(try waiting.requireID(), to: organization, staffID: UUID(), now: Date())
                        return true
                    } catch AppError.conflict(messageKey: "error.billing.payment_decided", _) {
                        return false
                    }
                }()
                let (summary, staffWon) = try await (imported, assigned)
                let decided = try #require(try await BankPayment.find(waiting.id, on: apps[0].db))
                let settled = try await Invoice.find(first.id, on: apps[0].db)?.openMinor == 0
                // Staff credited the line: the payments it stands for wait for staff. The import decided it: they settle.
                #expect(staffWon == (decided.assignment == "organization"), "round \(round): \(decided.assignment ?? "nil")")
                #expect(staffWon ? (!settled && summary.flagged == 2) : (settled && decided.assignment == BankPayment.listedInDetailAssignment),
                        "round \(round): staff \(staffWon), settled \(settled), \(summary)")
                outcomes.append(staffWon ? "staff" : "import")
            }
            // Never both: the prepaid account holds exactly the lines staff credited.
            let credited = try await PrepaidLedger.balance(of: org, currency: .chf, on: apps[0].db).minorUnits
            #expect(credited == Int64(outcomes.filter { $0 == "staff" }.count) * 31_300, "\(outcomes)")
        }
    }

    @Test("equal payments of one day count: two recorded from the camt.054 stand for two of the camt.053, a third is new money")
    func equalPaymentsCount() async throws {
        try await withTestApp { app, _ in
            let payment = CamtFile.Payment(amount: "50.00", bankReference: nil, debtorIBAN: "CH5604835012345678009")
            let notification = CamtFile(kind: "054", entries: [
                .init(payments: [CamtFile.Payment(amount: "50.00", bankReference: "A", debtorIBAN: "CH5604835012345678009")], entryReference: "E1"),
                .init(payments: [CamtFile.Payment(amount: "50.00", bankReference: "B", debtorIBAN: "CH5604835012345678009")], entryReference: "E2"),
            ])
            let statement = CamtFile(kind: "053", entries: [
                .init(payments: [payment], entryReference: "S1"), .init(payments: [payment], entryReference: "S2"),
                .init(payments: [payment], entryReference: "S3"),
            ])
            // A statement that names neither the bookings' references nor the payments': the payer's account is what both name.
            let anonymous = Data(statement.xml.replacingOccurrences(of: #"<AcctSvcrRef>S\d</AcctSvcrRef>"#, with: "", options: .regularExpression).utf8)
            _ = try await Self.importer(app).run(.data(notification.data), fileName: "054.xml")
            let stated = try await Self.importer(app).run(.data(anonymous), fileName: "053.xml")
            #expect(stated.duplicates == 2 && stated.unidentified == 1)
            let again = try await Self.importer(app).run(.data(anonymous + Data(" ".utf8)), fileName: "053-again.xml")
            #expect(again.duplicates == 3 && again.unidentified == 0, "importing the statement again changes nothing")
            #expect(try await BankPayment.query(on: app.db).count() == 3)
        }
    }

    @Test("a return imported before the payment it returns: when the payment arrives it is taken back at once — the invoice stays open, the top-up is not credited, nothing waits for staff",
          arguments: [("invoice", "T1"), ("top-up", "T1"), ("invoice", "R-OWN"), ("top-up", "R-OWN")])
    func returnBeforeItsPayment(_ kind: String, _ returnsBankReference: String) async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100)
            let reference = kind == "invoice" ? invoice.reference : try BankImportTests.topUp(app, organization)
            let paid = CamtFile.Payment(reference: reference, amount: "100.00", bankReference: "T1", debtorIBAN: "CH9300762011623852957")
            // The return repeats the payment's bank reference, or (most banks) has its own.
            var returnedPayment = paid
            returnedPayment.bankReference = returnsBankReference
            let returned = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-03", entries: [
                .init(payments: [returnedPayment], reversal: true, entryReference: "RE1"),
            ]).data), fileName: "return.xml")
            #expect(returned.flagged == 1 && returned.reversals == 1, "nothing to take back yet: it waits")
            let arrived = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-12-01", entries: [
                .init(payments: [paid], entryReference: "E1"),
            ]).data), fileName: "payment.xml")
            #expect(arrived.settled + arrived.prepaid == 1 && arrived.reversals == 1, "the summary says the payment was taken back")
            let open = try #require(try await Invoice.find(invoice.id, on: app.db)).openMinor
            #expect(open == 10_000, "the invoice the returned money paid is open again")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero)
            let returnRow = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == true).first())
            let payment = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == false).first())
            #expect(returnRow.reversesPaymentID == payment.id && returnRow.flag == nil && returnRow.outcome == "reversal")
            #expect(try await UnidentifiedPayments(db: app.db).returnsToCheck().isEmpty, "no return left for staff to check")

            // The same payment again (another file of the day) is a duplicate, not a second return's target.
            let again = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-12-01", entries: [
                .init(payments: [paid], entryReference: "E1"),
            ]).data), fileName: "payment-again.xml")
            #expect(again.duplicates == 1)
        }
    }

    @Test("a waiting return never takes back the customer's next payment: not one booked after it, not one a month before it, not once staff dealt with it")
    func waitingReturnLeavesLaterPayments() async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let org = try organization.requireID()
            let topUp = try BankImportTests.topUp(app, organization)
            func payment(_ bankReference: String) -> CamtFile.Payment {
                .init(reference: topUp, amount: "50.00", bankReference: bankReference, debtorIBAN: "CH9300762011623852957")
            }
            _ = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-11-03", entries: [
                .init(payments: [payment("R-NOV")], reversal: true, entryReference: "RE-NOV"),
            ]).data), fileName: "november-return.xml")
            // The standing order's next month, and one two months before: both are the customer's money.
            let later = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-12-01", entries: [
                .init(payments: [payment("T-DEC")], entryReference: "E-DEC"),
            ]).data), fileName: "december.xml")
            let earlier = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-09-01", entries: [
                .init(payments: [payment("T-SEP")], entryReference: "E-SEP"),
            ]).data), fileName: "september.xml")
            #expect(later.prepaid == 1 && earlier.prepaid == 1)
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 100_00, "both credits stay")
            // Staff deal with the return; the payment it was about arriving only now is not taken back either.
            let queue = UnidentifiedPayments(db: app.db)
            let waiting = try #require(try await queue.returnsToCheck().first)
            try await queue.markHandled(waiting.requireID(), staffID: UUID(), now: Date())
            let late = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-11-01", entries: [
                .init(payments: [payment("T-NOV")], entryReference: "E-NOV"),
            ]).data), fileName: "november.xml")
            #expect(late.prepaid == 1)
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 150_00)
        }
    }

    @Test("a return that names only the bank's reference of the payment it returns takes a nameless payment off the staff queue")
    func returnOfUnidentifiedByBankReference() async throws {
        try await withTestApp { app, _ in
            let unknown = CamtFile.Payment(amount: "42.50", bankReference: "T-UNKNOWN", debtorName: "M. Unbekannt")
            let first = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [.init(payments: [unknown], entryReference: "E9")]).data),
                                                         fileName: "payment.xml")
            #expect(first.unidentified == 1)
            let queue = UnidentifiedPayments(db: app.db)
            #expect(try await queue.count() == 1)
            let returned = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [
                .init(payments: [unknown], reversal: true, entryReference: "RE9"),
            ]).data), fileName: "return.xml")
            #expect(returned.reversals == 1 && returned.flagged == 0)
            #expect(try await queue.count() == 0, "nobody can credit money the bank sent back")
            #expect(try await BankPayment.query(on: app.db).filter(\.$isReversal == false).first()?.assignment == BankPayment.returnedAssignment)
        }
    }

    @Test("a returned top-up the customer has partly spent: what is left is taken back, and the return waits for staff until someone deals with it")
    func returnOfSpentTopUp() async throws {
        try await withTestApp { app, _ in
            let organization = try await BankImportTests.customer(app, "Ana")
            let org = try organization.requireID()
            let topUp = try BankImportTests.topUp(app, organization)
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: topUp, amount: "100.00", bankReference: "T1", debtorIBAN: "CH9300762011623852957")], entryReference: "E1"),
            ]).data), fileName: "top-up.xml")
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 60)
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.requireID(), organizationID: org, userID: nil, now: Date(), on: app.db)
            let returned = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: topUp, amount: "100.00", bankReference: "R1", debtorIBAN: "CH9300762011623852957")],
                      reversal: true, entryReference: "RE1"),
            ]).data), fileName: "return.xml")
            #expect(returned.flagged == 1)
            #expect(returned.reversals == 1, "a flagged return is still a return: the summary never says Reversals 0 for it")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero, "the CHF 40 left were taken back")
            let queue = UnidentifiedPayments(db: app.db)
            let toCheck = try await queue.returnsToCheck()
            #expect(toCheck.count == 1 && toCheck.first?.flag == "reversal_exceeds_balance" && toCheck.first?.organizationID == org)

            let staff = try await Scenario.staff(app, role: .billing)
            let page = try await staff.get(SiteRoute.staffBilling.path)
            #expect(page.body.string.contains("returns-to-check") && page.body.string.contains(organization.name))
            let home = try await staff.get(SiteRoute.staffHome.path)
            #expect(home.body.string.contains("id=\"work-returns-to-check\"") && home.body.string.contains("1 returned payment to check"),
                    "the staff home shows it as work for a person")
            let handled = try await staff.post(SiteRoute.staffBillingReturnHandled(toCheck[0].id!).path, form: [:])
            #expect(handled.status == .seeOther)
            #expect(try await queue.returnsToCheck().isEmpty)
            await #expect(throws: AppError.conflict(messageKey: "error.billing.payment_decided")) {
                try await queue.markHandled(toCheck[0].id!, staffID: UUID(), now: Date())
            }
        }
    }

    @Test("the staff API lists the returns to check and records, once, who dealt with one; a support token cannot")
    func returnsThroughTheStaffAPI() async throws {
        try await withTestApp { app, _ in
            _ = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "42.00", bankReference: "R9", debtorIBAN: "CH9300762011623852957")], reversal: true, entryReference: "RE9"),
            ]).data), fileName: "orphan-return.xml")
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let listed = try await Scenario.staffAPI(app, .GET, .staffReturnsToCheck, token: token)
            #expect(listed.status == .ok)
            struct Page: Decodable { struct Item: Decodable { let id: UUID; let flag: String?; let handled: Bool }; let items: [Item] }
            let page = try JSONDecoder().decode(Page.self, from: Data(listed.body.readableBytesView))
            let item = try #require(page.items.first)
            #expect(page.items.count == 1 && item.flag == "reversal_unmatched" && !item.handled)

            let (_, supportToken) = try await Scenario.staffWithToken(app, role: .support, email: "support-api@staff.test")
            #expect(try await Scenario.staffAPI(app, .POST, .staffReturnHandled(item.id), token: supportToken).status == .forbidden)
            let handled = try await Scenario.staffAPI(app, .POST, .staffReturnHandled(item.id), token: token)
            #expect(handled.status == .ok && handled.body.string.contains("\"handled\":true"))
            #expect(try await Scenario.staffAPI(app, .POST, .staffReturnHandled(item.id), token: token).status == .conflict)
            #expect(try await Scenario.staffAPI(app, .POST, .staffReturnHandled(UUID()), token: token).status == .notFound)
            #expect(try await Scenario.staffAPI(app, .GET, .staffReturnsToCheck, query: "?limit=0", token: token).status == .unprocessableEntity)
        }
    }

    @Test("two staff members dealing with one return at once over two servers: one records it, the other is told it is done, never a 500")
    func returnHandledAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            _ = try await Self.importer(apps[0]).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "42.00", bankReference: "R9", debtorIBAN: "CH9300762011623852957")], reversal: true, entryReference: "RE9"),
            ]).data), fileName: "orphan-return.xml")
            let returned = try #require(try await UnidentifiedPayments(db: apps[0].db).returnsToCheck().first)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    let app = apps[index % 2]
                    group.addTask {
                        do {
                            try await UnidentifiedPayments(db: app.db).markHandled(returned.id!, staffID: UUID(), now: Date())
                            return "handled"
                        } catch let error as AppError where error == .conflict(messageKey: "error.billing.payment_decided") {
                            return "already"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "handled" }.count == 1 && outcomes.filter { $0 == "already" }.count == 7, "\(outcomes)")
            #expect(try await UnidentifiedPayments(db: apps[1].db).returnsToCheck().isEmpty)
        }
    }

    @Test("the return of a payment waiting for staff takes it out of the queue; if staff had credited it, the credit is taken back")
    func returnOfUnidentifiedPayment() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let payments = CamtFile(entries: [
                .init(payments: [.init(amount: "250.00", bankReference: "U1", debtorIBAN: "CH9300762011623852957")], entryReference: "E1"),
                .init(payments: [.init(amount: "80.00", bankReference: "U2", debtorIBAN: "CH5604835012345678009")], entryReference: "E2"),
            ])
            _ = try await Self.importer(app).run(.data(payments.data), fileName: "unidentified.xml")
            let queue = UnidentifiedPayments(db: app.db)
            let credited = try #require(try await queue.waiting().first { $0.amountMinor == 8_000 })
            try await queue.assign(credited.id!, to: try #require(try await Organization.find(org, on: app.db)), staffID: UUID(), now: Date())

            let returns = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "250.00", bankReference: "R1", debtorIBAN: "CH9300762011623852957")], reversal: true, entryReference: "RE1"),
                .init(payments: [.init(amount: "80.00", bankReference: "R2", debtorIBAN: "CH5604835012345678009")], reversal: true, entryReference: "RE2"),
            ]).data), fileName: "returns.xml")
            #expect(returns.reversals == 2 && returns.flagged == 0)
            #expect(try await queue.waiting().isEmpty, "nobody can credit money the bank sent back")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).isZero, "staff's CHF 80 credit is taken back")
            let original = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "U1").first())
            #expect(original.assignment == BankPayment.returnedAssignment)
        }
    }

    @Test("money no invoice can be paid in is parked: a currency without a receiving account, an implausible amount, a booking in another currency than the account; a 0.00 line is no payment; a lower-case code is read as the code")
    func amountsAndCurrencies() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 14)
            let topUp = try BankImportTests.topUp(app, try #require(try await Organization.find(org, on: app.db)))
            let file = CamtFile(entries: [
                .init(payments: [.init(reference: topUp, amount: "14.05", currency: "USD", bankReference: "USD-1")], entryReference: "E1"),
                .init(payments: [.init(reference: topUp, amount: "9999999999999999.99", bankReference: "BIG-1")], entryReference: "E2"),
                .init(payments: [.init(reference: topUp, amount: "9999999999999999.99", bankReference: "BIG-2")], entryReference: "E3"),
                .init(payments: [.init(reference: topUp, amount: "0.00", bankReference: "ZERO-1")], entryReference: "E4"),
                .init(payments: [.init(reference: invoice.reference, amount: "14.00", currency: "chf", bankReference: "LOW-1")], entryReference: "E5"),
            ])
            let summary = try await Self.importer(app).run(.data(file.data), fileName: "odd-amounts.xml")
            #expect(summary.flagged == 3 && summary.ignored == 1 && summary.settled == 1 && summary.prepaid == 0)
            let flags = Dictionary(uniqueKeysWithValues: try await BankPayment.query(on: app.db).all().map { ($0.bankReference ?? "", $0.flag ?? "") })
            #expect(flags["USD-1"] == "currency_not_accepted" && flags["BIG-1"] == "amount_too_large" && flags["BIG-2"] == "amount_too_large")
            #expect(try await BankPayment.query(on: app.db).filter(\.$bankReference == "LOW-1").first()?.currencyCode == "CHF")
            #expect(try await Self.prepaidEntries(app, org) == 0)
            let usd = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "USD-1").first())
            #expect(!usd.canBeCredited, "money in a currency no invoice is paid in can only be refunded")
            let organization = try #require(try await Organization.find(org, on: app.db))
            await #expect(throws: AppError.conflict(messageKey: "error.billing.payment_decided")) {
                try await UnidentifiedPayments(db: app.db).assign(usd.id!, to: organization, staffID: UUID(), now: Date())
            }
            try await UnidentifiedPayments(db: app.db).markForRefund(usd.id!, staffID: UUID(), now: Date())

            let euroInFrancAccount = CamtFile(accountCurrency: "CHF", entries: [
                .init(payments: [.init(reference: topUp, amount: "20.00", currency: "EUR", bankReference: "EUR-1")], entryReference: "E6"),
            ])
            let contradicted = try await Self.importer(app).run(.data(euroInFrancAccount.data), fileName: "eur-on-chf.xml")
            #expect(contradicted.flagged == 1 && contradicted.prepaid == 0)
            #expect(try await BankPayment.query(on: app.db).filter(\.$bankReference == "EUR-1").first()?.flag == "currency_differs_from_account")

            // A file that states no account currency, of the account the provider receives francs on: the euro
            // booking contradicts the configuration and is parked the same way.
            let unstated = CamtFile(entries: [
                .init(payments: [.init(reference: topUp, amount: "20.00", currency: "EUR", bankReference: "EUR-2")], entryReference: "E7"),
            ])
            let configured = try await BankImportTests.ownAccountsImporter(app).run(.data(unstated.data), fileName: "eur-on-chf-unstated.xml")
            #expect(configured.flagged == 1 && configured.prepaid == 0)
            #expect(try await BankPayment.query(on: app.db).filter(\.$bankReference == "EUR-2").first()?.flag == "currency_differs_from_account")
            #expect(try await Self.prepaidEntries(app, org) == 0)
        }
    }

    @Test("a reference typed into the message instead of the reference field settles its invoice; a number that fails its check does not")
    func referenceInMessage() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 75)
            let reference = try #require(invoice.reference)
            let printed = try #require(PaymentReference(reference)).printed
            let summary = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "75.00", bankReference: "M1", message: "Rechnung \(printed) danke")], entryReference: "E1"),
                .init(payments: [.init(amount: "75.00", bankReference: "M2", message: "Rechnung 12 34567 89012 34567 89012 34568")], entryReference: "E2"),
            ]).data), fileName: "messages.xml")
            #expect(summary.settled == 1 && summary.unidentified == 1)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }

    @Test("a creditor reference the bank cut over two message lines, inside a group, settles its invoice")
    func referenceCutOverMessageLines() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            // Euro invoices are paid to a plain IBAN, so they carry an RF creditor reference.
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 75, currency: .eur)
            let printed = try #require(invoice.reference.flatMap(PaymentReference.init)?.printed)
            #expect(printed.hasPrefix("RF"))
            // Cut at a fixed width, in the middle of the reference's second group.
            let text = "Zahlung Rechnung \(printed) danke"
            let cut = text.index(text.startIndex, offsetBy: "Zahlung Rechnung RF12 34".count)
            let summary = try await Self.importer(app).run(.data(CamtFile(account: "CH5800791123000889012", entries: [
                .init(payments: [.init(amount: "75.00", currency: "EUR", bankReference: "M1", message: "\(text[..<cut])\n\(text[cut...])")],
                      entryReference: "E1"),
            ]).data), fileName: "lines.xml")
            #expect(summary.settled == 1, "\(summary)")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }

    @Test("a file with a second group header is refused whole, naming the place")
    func secondGroupHeader() async throws {
        try await withTestApp { app, _ in
            let file = CamtFile(entries: [.init(payments: [.init(amount: "10.00", bankReference: "T1")], entryReference: "E1")])
            let header = "<GrpHdr><MsgId>M2</MsgId><CreDtTm>2026-12-01T18:00:00+01:00</CreDtTm></GrpHdr>"
            let doubled = file.xml.replacingOccurrences(of: "</GrpHdr>", with: "</GrpHdr>" + header)
            do {
                _ = try await Self.importer(app).run(.data(Data(doubled.utf8)), fileName: "two-headers.xml")
                Issue.record("a second group header was accepted")
            } catch let BankStatementImporter.Refusal.malformed(problem) {
                #expect(problem.path?.hasSuffix("GrpHdr") == true)
            }
            #expect(try await BankPayment.query(on: app.db).count() == 0)
            #expect(try await BankStatementImport.query(on: app.db).count() == 0)
        }
    }
}
