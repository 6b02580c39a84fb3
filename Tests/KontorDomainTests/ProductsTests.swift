import Foundation
import KontorDomain
import Testing

@Suite("Products: the MySQL prefix option, Renewal Warranty and what a support access covers")
struct ProductsTests {
    @Test("with the option on, a script's unprefixed names reach the prefixed database and user (seed: monuser → wxyz_monuser)")
    func prefixOn() throws {
        let prefix = try #require(MySQLServerPrefix("wxyz"))
        #expect(prefix.effectiveName("monuser", optionEnabled: true) == "wxyz_monuser")
        #expect(prefix.effectiveName("mabase", optionEnabled: true) == "wxyz_mabase")
        #expect(prefix.effectiveName("wxyz_mabase", optionEnabled: true) == "wxyz_mabase")
    }

    @Test("with the option off, names are used as written, so configuration files must add the prefix themselves")
    func prefixOff() throws {
        let prefix = try #require(MySQLServerPrefix("wxyz"))
        #expect(prefix.effectiveName("mabase", optionEnabled: false) == "mabase")
        let adjustments = prefix.adjustments(database: "mabase", user: "monuser")
        #expect(adjustments.map(\.before) == ["mabase", "monuser"])
        #expect(adjustments.map(\.after) == ["wxyz_mabase", "wxyz_monuser"])
        #expect(prefix.adjustments(database: "wxyz_mabase", user: "monuser").map(\.setting) == [.user])
    }

    @Test("a server prefix is 2 to 8 ASCII letters and digits starting with a letter", arguments: [
        ("wxyz", true), ("AB12", true), ("a", false), ("abcdefghi", false), ("1abc", false), ("ab_c", false), ("", false), ("äbc", false),
    ])
    func serverPrefix(raw: String, valid: Bool) {
        #expect((MySQLServerPrefix(raw) != nil) == valid)
        if valid { #expect(MySQLServerPrefix(raw)?.value == raw.lowercased()) }
    }

    @Test("Renewal Warranty: every product after purchase, every one but the NAS Synology when ordering; only hosting has the MySQL prefix option")
    func offers() {
        #expect(ProductKind.allCases.filter { !$0.offersRenewalWarranty }.isEmpty)
        #expect(ProductKind.allCases.filter { !$0.offersRenewalWarrantyAtOrder } == [.nasSynology])
        #expect(ProductKind.allCases.filter(\.hasMySQLPrefixOption) == [.webHosting])
    }

    @Test("switching Renewal Warranty for all products at once changes those that need it, the NAS too, and reports a product of no known kind")
    func bulk() {
        let change = RenewalWarrantyChange([
            .init(id: 1, kind: .webHosting, enabled: false), .init(id: 2, kind: .domain, enabled: true),
            .init(id: 3, kind: .nasSynology, enabled: false), .init(id: 4, kind: .kSuite, enabled: false), .init(id: 5, kind: nil, enabled: false),
        ], enable: true)
        #expect(change.toChange == [1, 3, 4])
        #expect(change.unchanged == [2])
        #expect(change.unavailable == [5])
        #expect(RenewalWarrantyChange([.init(id: 2, kind: .domain, enabled: true)], enable: false).toChange == [2])
    }

    @Test("an access to one product covers that product only, never another organization's")
    func scope() {
        let org = UUID(), other = UUID(), hosting = UUID(), domain = UUID()
        let whole = SupportAccessScope(productID: nil)
        let one = SupportAccessScope(productID: hosting)
        #expect(whole.coversOrganization && !one.coversOrganization)
        #expect(whole.covers(product: domain, of: org, grantOrganization: org))
        #expect(!whole.covers(product: domain, of: other, grantOrganization: org))
        #expect(one.covers(product: hosting, of: org, grantOrganization: org))
        #expect(!one.covers(product: domain, of: org, grantOrganization: org))
        #expect(!one.covers(product: hosting, of: other, grantOrganization: org))
    }
}
