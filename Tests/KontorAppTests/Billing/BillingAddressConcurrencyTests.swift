import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("A billing address removed while a product is pointed at it, over two servers")
struct BillingAddressConcurrencyTests {
    @Test("removing an address and choosing it for a product at the same moment: one of them is refused, never both done")
    func removeWhileAssigning() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(apps[0])
            let product = try await RenewalScenario.product(apps[0], clock, in: org, name: "ana.example", expiresIn: 90, item: item)
            for round in 0..<12 {
                let address = BillingAddress(organizationID: org, address: PostalAddress(name: "Ana \(round)", street: "Seestrasse", buildingNumber: "1",
                                                                                        postcode: "8002", town: "Zürich", country: "CH"),
                                             invoiceEmail: nil, isDefault: false, now: clock.now)
                try await address.create(on: apps[0].db)
                let addressID = try address.requireID()
                try await Product.query(on: apps[0].db).filter(\.$id == product.id!).set(\.$billingAddress.$id, to: nil).update()
                async let removed: String = {
                    do { try await BillingAddressService(db: apps[0].db).remove(address); return "removed" }
                    catch let error as AppError where error == .conflict(messageKey: "error.billing.address_in_use",
                                                                          arguments: ["products": "ana.example"]) { return "in use" }
                }()
                async let assigned: String = {
                    let copy = try #require(try await Product.find(product.id, on: apps[1].db))
                    do { try await BillingAddressService(db: apps[1].db).assign(addressID, to: copy); return "assigned" }
                    catch let failure as ValidationFailure where failure.errors.map(\.messageKey) == ["error.billing.address_unknown"] { return "unknown" }
                }()
                let outcome = try await [removed, assigned]
                #expect(outcome == ["removed", "unknown"] || outcome == ["in use", "assigned"], "round \(round): \(outcome)")
                let exists = try await BillingAddress.find(addressID, on: apps[0].db) != nil
                let pointing = try await Product.find(product.id, on: apps[0].db)?.$billingAddress.id
                #expect(exists ? pointing == addressID : pointing == nil, "round \(round): the address \(exists ? "stays, in use" : "is gone, unused")")
            }
        }
    }
}
