import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Closing a bank line that is nobody's money: the bank's interest leaves the queue, credited and refunded to nobody")
struct StaffCloseLineTests {
    /// The bank's CHF 0.35 interest (parked `bank_booking`) and an unidentified CHF 99.00 from Hans Muster, side by side.
    static func interestAndPayment(_ app: Application) async throws -> (interest: BankPayment, hans: BankPayment) {
        var interest = CamtFile.Entry(payments: [.init(amount: "0.35", bankReference: nil)], entryReference: "E-INT", bankTransactionCode: "ACMT/MCOP/INTR")
        interest.withoutDetails = true
        let hans = CamtFile.Entry(payments: [.init(amount: "99.00", bankReference: "R1", debtorIBAN: "CH9300762011623852957", debtorName: "Hans Muster")],
                                  entryReference: "E1")
        _ = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [interest, hans]).data), fileName: "053.xml")
        let waiting = try await UnidentifiedPayments(db: app.db).waiting()
        return (try #require(waiting.first { $0.flag == "bank_booking" }), try #require(waiting.first { $0.amountMinor == 9_900 }))
    }

    @Test("staff close the bank's interest from the billing page; a customer's payment cannot be closed, only credited or refunded; closing twice is refused")
    func closeFromThePage() async throws {
        try await withTestApp { app, _ in
            let (interest, hans) = try await Self.interestAndPayment(app)
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let page = try await billing.get(SiteRoute.staffBilling.path).body.string
            #expect(page.contains(SiteRoute.staffBillingClose(interest.id!).path) && !page.contains(SiteRoute.staffBillingClose(hans.id!).path),
                    "the button only on the line that is nobody's money")

            let closed = try await billing.post(SiteRoute.staffBillingClose(interest.id!).path)
            #expect(closed.location?.contains("notice=payment_closed") == true)
            let after = try #require(try await BankPayment.find(interest.id, on: app.db))
            #expect(after.assignment == BankPayment.closedAssignment && after.organizationID == nil && after.assignedAt != nil)
            #expect(try await UnidentifiedPayments(db: app.db).waiting().map(\.id) == [hans.id])
            #expect(try await UnidentifiedPayments(db: app.db).refundsToExecute().isEmpty, "nobody to pay back")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "credited to nobody")
            let clerk = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "billing@staff.test").first())
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "payment_closed").filter(\.$staffMemberID == clerk.id).count() == 1)

            #expect(try await billing.post(SiteRoute.staffBillingClose(interest.id!).path).status == .conflict, "closed once")
            let refused = try await billing.post(SiteRoute.staffBillingClose(hans.id!).path)
            #expect(refused.status == .conflict && refused.body.string.contains("credit it to the customer or mark it for refund"))
            #expect(try await BankPayment.find(hans.id, on: app.db)?.assignment == nil)
        }
    }

    @Test("the bank taking back a line staff closed as its own leaves nothing to compensate: a reversal, not a return for staff to check")
    func returnOfAClosedLine() async throws {
        try await withTestApp { app, _ in
            let interest = CamtFile.Entry(payments: [.init(amount: "0.35", bankReference: "T-INT")], entryReference: "E-INT", bankTransactionCode: "ACMT/MCOP/INTR")
            _ = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [interest]).data), fileName: "interest.xml")
            let line = try #require(try await UnidentifiedPayments(db: app.db).waiting().first { $0.flag == "bank_booking" })
            let billing = try await Scenario.staff(app, role: .billing)
            #expect(try await billing.post(SiteRoute.staffBillingClose(line.id!).path).status == .seeOther)
            let back = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [
                .init(payments: [.init(amount: "0.35", bankReference: "T-INT")], reversal: true, entryReference: "R-INT", direction: "DBIT"),
            ]).data), fileName: "interest-back.xml")
            #expect(back.reversals == 1 && back.flagged == 0, "\(back)")
            #expect(try await UnidentifiedPayments(db: app.db).returnsToCheck().isEmpty)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("the staff API says which lines can be closed and closes them; eight clients at once over two servers close a line once, never a 500")
    func closeThroughTheAPIAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (interest, hans) = try await Self.interestAndPayment(apps[0])
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            let listed = try await Scenario.staffAPI(apps[0], .GET, .staffUnidentifiedPayments, token: token)
                .content.decode(APIModels.UnidentifiedPayments.self).items
            #expect(listed.first { $0.id == interest.id }?.canClose == true && listed.first { $0.id == hans.id }?.canClose == false)

            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<8 {
                    let app = apps[index % 2]
                    group.addTask { try await Scenario.staffAPI(app, .POST, .staffUnidentifiedPaymentClose(interest.id!), token: token).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1 && statuses.filter { $0 == .conflict }.count == 7, "\(statuses)")
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "payment_closed").count() == 1)
            let customer = try await Scenario.staffAPI(apps[1], .POST, .staffUnidentifiedPaymentClose(hans.id!), token: token)
            #expect(customer.status == .conflict && customer.body.string.contains("payment_not_closable"))
            #expect(try await Scenario.staffAPI(apps[1], .POST, .staffUnidentifiedPaymentClose(UUID()), token: token).status == .notFound)
        }
    }
}
