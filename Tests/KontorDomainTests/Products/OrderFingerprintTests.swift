import Foundation
import KontorDomain
import Testing

@Suite("An order's fingerprint: the same request however spelled, any other field another request")
struct OrderFingerprintTests {
    static let item = UUID(uuidString: "6F0D2D38-6F8B-4D2E-9C1B-0A2B3C4D5E6F")!
    static let address = UUID(uuidString: "0A2B3C4D-6F8B-4D2E-9C1B-6F0D2D386F8B")!

    static func fingerprint(_ input: OrderRequest.Input, item: UUID? = Self.item, address: UUID? = nil) -> String {
        input.fingerprint(itemID: item, billingAddressID: address)
    }

    @Test("spelling does not count: spaces around the period, the currency's case, an empty or absent name")
    func sameRequest() {
        let plain = Self.fingerprint(.init(period: "12", currency: "CHF", renewalWarranty: false, name: nil))
        #expect(Self.fingerprint(.init(period: " 12", currency: "chf ", renewalWarranty: false, name: "")) == plain)
        #expect(Self.fingerprint(.init(period: "12", currency: "CHF", renewalWarranty: false, name: "  ")) == plain)
        #expect(plain.count == 64)
    }

    @Test("every field counts: item, period, currency, Renewal Warranty, name and billing address")
    func otherRequests() {
        let base = OrderRequest.Input(period: "12", currency: "CHF", renewalWarranty: false, name: "my-site.ch")
        let plain = Self.fingerprint(base)
        var others = [
            Self.fingerprint(base, item: UUID()), Self.fingerprint(base, item: nil), Self.fingerprint(base, address: Self.address),
            Self.fingerprint(.init(period: "1", currency: "CHF", renewalWarranty: false, name: "my-site.ch")),
            Self.fingerprint(.init(period: "12", currency: "EUR", renewalWarranty: false, name: "my-site.ch")),
            Self.fingerprint(.init(period: "12", currency: "CHF", renewalWarranty: true, name: "my-site.ch")),
            Self.fingerprint(.init(period: "12", currency: "CHF", renewalWarranty: false, name: "other-site.ch")),
            Self.fingerprint(.init(period: "12", currency: "CHF", renewalWarranty: false, name: nil)),
        ]
        // Fields cannot run into each other: a name ending like the address field is still another request.
        others.append(Self.fingerprint(.init(period: "12", currency: "CHF", renewalWarranty: false, name: "my-site.ch;36:" + Self.address.uuidString)))
        #expect(!others.contains(plain))
        #expect(Set(others).count == others.count)
    }
}
