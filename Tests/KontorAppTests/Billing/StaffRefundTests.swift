import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Refunds of unidentified payments: listed until the money went back, reversible by mistake, audited")
struct StaffRefundTests {
    /// An unidentified CHF 99.00 payment from Hans Muster, and one of CHF 42.50 with no name nor IBAN.
    static func unidentified(_ app: Application) async throws -> (hans: BankPayment, anonymous: BankPayment) {
        _ = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [
            .init(payments: [.init(amount: "99.00", bankReference: "R1", debtorIBAN: "CH9300762011623852957", debtorName: "Hans Muster")], entryReference: "E1"),
            .init(payments: [.init(amount: "42.50", bankReference: "R2")], entryReference: "E2"),
        ]).data), fileName: "unidentified.xml")
        let waiting = try await UnidentifiedPayments(db: app.db).waiting()
        return (try #require(waiting.first { $0.amountMinor == 9_900 }), try #require(waiting.first { $0.amountMinor == 4_250 }))
    }

    @Test("a payment marked for refund stays on the billing page with payer, IBAN, amount, reference and who marked it, until the refund is recorded")
    func listedUntilRecorded() async throws {
        try await withTestApp { app, _ in
            let (hans, _) = try await Self.unidentified(app)
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let marked = try await billing.post(SiteRoute.staffBillingRefund(hans.id!).path)
            #expect(marked.status == .seeOther)

            let page = try await billing.get(SiteRoute.staffBilling.path).body.string
            let table = try #require(page.firstRange(of: "id=\"refunds-to-execute\"").map { String(page[$0.lowerBound...]) })
            #expect(table.contains("Hans Muster") && table.contains("CH9300762011623852957") && table.contains("99.00"), "payer, IBAN and amount")
            #expect(table.contains(SiteRoute.staffBillingRefundDone(hans.id!).path) && table.contains(SiteRoute.staffBillingRefundUndo(hans.id!).path))
            let clerk = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "billing@staff.test").first())
            #expect(table.contains(clerk.name), "who marked it")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "payment_marked_for_refund").filter(\.$staffMemberID == clerk.id).count() == 1)
            #expect(try await billing.get(SiteRoute.staffHome.path).body.string.contains("id=\"work-refunds-to-execute\""), "work for a person on the staff home")

            #expect(try await billing.post(SiteRoute.staffBillingRefundDone(hans.id!).path).status == .seeOther)
            #expect(try await BankPayment.find(hans.id, on: app.db)?.assignment == "refunded")
            #expect(!(try await billing.get(SiteRoute.staffBilling.path).body.string.contains("id=\"refunds-to-execute\"")), "recorded: no longer to execute")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "payment_refunded").filter(\.$staffMemberID == clerk.id).count() == 1)
            #expect(try await billing.post(SiteRoute.staffBillingRefundDone(hans.id!).path).status == .conflict, "recorded once")
            #expect(try await billing.post(SiteRoute.staffBillingRefundUndo(hans.id!).path).status == .conflict, "a refund recorded cannot be undone")
        }
    }

    @Test("a mistaken refund mark is taken back: the payment waits to be assigned again, and the step is audited")
    func undo() async throws {
        try await withTestApp { app, _ in
            let (hans, anonymous) = try await Self.unidentified(app)
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            #expect(try await billing.post(SiteRoute.staffBillingRefund(anonymous.id!).path).status == .seeOther)
            #expect(try await UnidentifiedPayments(db: app.db).waiting().map(\.id) == [hans.id])
            #expect(try await billing.post(SiteRoute.staffBillingRefundUndo(anonymous.id!).path).status == .seeOther)
            let back = try #require(try await BankPayment.find(anonymous.id, on: app.db))
            #expect(back.assignment == nil && back.assignedByStaffID == nil && back.assignedAt == nil)
            #expect(Set(try await UnidentifiedPayments(db: app.db).waiting().map(\.id)) == [hans.id, anonymous.id])
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "payment_refund_undone").count() == 1)
            #expect(try await billing.post(SiteRoute.staffBillingRefundUndo(anonymous.id!).path).status == .conflict, "not marked any more")
        }
    }

    @Test("unknown payment IDs are 404 on every decision of the page, not 'already decided'")
    func unknownPayment() async throws {
        try await withTestApp { app, _ in
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            for route in [SiteRoute.staffBillingRefund(UUID()), .staffBillingReturnHandled(UUID()), .staffBillingRefundDone(UUID()), .staffBillingRefundUndo(UUID())] {
                #expect(try await billing.post(route.path).status == .notFound, "\(route.path)")
            }
            #expect(try await billing.post(SiteRoute.staffBillingAssign(UUID()).path, form: ["customer_number": "100001"]).status == .notFound)
        }
    }

    @Test("the staff API lists the refunds to execute, records one as executed, and takes a mark back; the queue shows it again")
    func api() async throws {
        try await withTestApp { app, _ in
            let (hans, anonymous) = try await Self.unidentified(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "billing@staff.test")
            for payment in [hans, anonymous] {
                #expect(try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentRefund(payment.id!), token: token).status == .ok)
            }
            let listed = try await Scenario.staffAPI(app, .GET, .staffRefundsToExecute, token: token)
            #expect(listed.status == .ok)
            let refunds = try listed.content.decode(APIModels.RefundsToExecute.self)
            #expect(refunds.items.count == 2 && refunds.limit == 50)
            let first = try #require(refunds.items.first { $0.id == hans.id })
            #expect(first.debtorName == "Hans Muster" && first.debtorIban == "CH9300762011623852957" && first.amount?.amountMinor == 9_900)
            #expect(first.markedByStaffId != nil && first.markedByName != nil && first.markedAt != nil && !first.refunded)
            #expect(try await Scenario.staffAPI(app, .GET, .staffRefundsToExecute, query: "?limit=0", token: token).status == .unprocessableEntity)

            let executed = try await Scenario.staffAPI(app, .POST, .staffRefundExecuted(hans.id!), token: token)
            #expect(executed.status == .ok && (try? executed.content.decode(APIModels.RefundToExecute.self))?.refunded == true)
            #expect(try await Scenario.staffAPI(app, .POST, .staffRefundExecuted(hans.id!), token: token).status == .conflict)
            #expect(try await Scenario.staffAPI(app, .POST, .staffRefundExecuted(UUID()), token: token).status == .notFound)

            let undone = try await Scenario.staffAPI(app, .DELETE, .staffUnidentifiedPaymentRefund(anonymous.id!), token: token)
            #expect(undone.status == .ok && (try? undone.content.decode(APIModels.UnidentifiedPayment.self))?.assignment == nil)
            #expect(try await Scenario.staffAPI(app, .DELETE, .staffUnidentifiedPaymentRefund(anonymous.id!), token: token).status == .conflict)
            let queue = try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).content.decode(APIModels.UnidentifiedPayments.self)
            #expect(queue.items.map(\.id) == [anonymous.id!])
            let left = try await Scenario.staffAPI(app, .GET, .staffRefundsToExecute, token: token).content.decode(APIModels.RefundsToExecute.self)
            #expect(left.items.isEmpty)
        }
    }

    @Test("a payment the bank returns while it waits to be refunded leaves the refunds to execute, and the return is flagged for a check")
    func returnedWhileMarked() async throws {
        try await withTestApp { app, _ in
            let (hans, _) = try await Self.unidentified(app)
            try await UnidentifiedPayments(db: app.db).markForRefund(hans.id!, staffID: UUID(), now: Date())
            _ = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "99.00", bankReference: "R1-BACK", debtorIBAN: "CH9300762011623852957", debtorName: "Hans Muster")],
                      reversal: true, entryReference: "RE1"),
            ]).data), fileName: "return.xml")
            #expect(try await UnidentifiedPayments(db: app.db).refundsToExecute().isEmpty, "nobody pays back what the bank returned")
            let returns = try await UnidentifiedPayments(db: app.db).returnsToCheck()
            #expect(returns.map(\.flag) == ["reversal_of_payment_marked_for_refund"])
        }
    }

    @Test("staff deciding one refund at once over two servers: it is marked once, recorded once or taken back once, each step audited once, never a 500")
    func refundStepsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (hans, _) = try await Self.unidentified(apps[0])
            /// Runs `step` eight times at once, alternating the servers; how many succeeded and how many were refused (409).
            func atOnce(_ step: @escaping @Sendable (UnidentifiedPayments) async throws -> Void) async throws -> (done: Int, refused: Int) {
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<8 {
                        let app = apps[index % 2]
                        group.addTask {
                            do { try await step(UnidentifiedPayments(db: app.db)); return true }
                            catch let error as AppError where error.status == .conflict { return false }
                        }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                return (outcomes.filter { $0 }.count, outcomes.filter { !$0 }.count)
            }
            let audit: @Sendable (String) -> @Sendable (any Database, BankPayment) async throws -> Void = { kind in
                { db, _ in try await SecurityEvent.record(SecurityEventKind(rawValue: kind)!, detail: "test", ipAddress: "127.0.0.1", userAgent: "test", at: Date(), on: db) }
            }
            let marked = try await atOnce { try await $0.markForRefund(hans.id!, staffID: UUID(), now: Date(), audit: audit("payment_marked_for_refund")) }
            #expect(marked == (1, 7))
            let undone = try await atOnce { try await $0.undoRefund(hans.id!, audit: audit("payment_refund_undone")) }
            #expect(undone == (1, 7))
            _ = try await atOnce { try await $0.markForRefund(hans.id!, staffID: UUID(), now: Date(), audit: audit("payment_marked_for_refund")) }
            let recorded = try await atOnce { try await $0.recordRefunded(hans.id!, audit: audit("payment_refunded")) }
            #expect(recorded == (1, 7))
            #expect(try await BankPayment.find(hans.id, on: apps[1].db)?.assignment == BankPayment.refundedAssignment)
            for (kind, count) in [("payment_marked_for_refund", 2), ("payment_refund_undone", 1), ("payment_refunded", 1)] {
                #expect(try await SecurityEvent.query(on: apps[0].db).filter(\.$kind == kind).count() == count, "\(kind)")
            }
        }
    }
}
