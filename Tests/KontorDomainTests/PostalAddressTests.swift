import KontorDomain
import Testing

@Suite("Billing addresses, structured as the Swiss QR-bill requires")
struct PostalAddressTests {
    @Test("a complete address is trimmed and its country code upper-cased; a building number may be left out")
    func valid() throws {
        let address = try PostalAddress.parse(name: " Panadería García SL ", street: "Calle Mayor", buildingNumber: "", postcode: "28013",
                                              town: "Madrid", country: "es").get()
        #expect(address.name == "Panadería García SL" && address.country == "ES" && address.buildingNumber.isEmpty)
        #expect(address.lines(homeCountry: "CH") == ["Panadería García SL", "Calle Mayor", "28013 Madrid", "ES"])
        let swiss = try PostalAddress.parse(name: "Weber AG", street: "Bahnhofstrasse", buildingNumber: "1", postcode: "8001",
                                            town: "Zürich", country: "CH").get()
        #expect(swiss.lines(homeCountry: "CH") == ["Weber AG", "Bahnhofstrasse 1", "8001 Zürich"])
    }

    @Test("every missing, too long or unknown field is named at once")
    func invalid() {
        let result = PostalAddress.parse(name: "", street: String(repeating: "x", count: 71), buildingNumber: String(repeating: "1", count: 17),
                                         postcode: nil, town: String(repeating: "t", count: 36), country: "XX")
        guard case .failure(let failure) = result else { Issue.record("accepted"); return }
        #expect(failure.errors.map(\.field) == ["name", "street", "building_number", "postcode", "town", "country"])
        #expect(failure.errors.last?.messageKey == "error.billing.country")
    }

    @Test("the limits are the QR-bill's: 70 characters for name and street, 35 for the town")
    func limits() throws {
        #expect(PostalAddress.limits["name"] == 70 && PostalAddress.limits["town"] == 35 && PostalAddress.limits["postcode"] == 16)
        _ = try PostalAddress.parse(name: String(repeating: "n", count: 70), street: "s", buildingNumber: nil, postcode: "1000",
                                    town: String(repeating: "t", count: 35), country: "CH").get()
        #expect(PostalAddress.countryCodes.contains("CH") && PostalAddress.countryCodes.contains("LI") && !PostalAddress.countryCodes.contains("001"))
    }

    @Test("the country list holds countries only: no United Nations, Eurozone or Canary Islands")
    func countriesOnly() {
        for grouping in ["UN", "EZ", "EU", "QO", "IC"] { #expect(!PostalAddress.countryCodes.contains(grouping), "\(grouping)") }
        for country in ["CH", "LI", "DE", "ES", "XK"] { #expect(PostalAddress.countryCodes.contains(country), "\(country)") }
        #expect(PostalAddress.countryCodes.count == 250, "ISO 3166-1's 249 and Kosovo")
    }

    @Test("a postcode must be one of its country's: a four-digit Madrid postcode is refused, a Swiss one with CH- is kept without it",
          arguments: [("ES", "28013", "28013"), ("ES", "2801", nil), ("ES", "53001", nil), ("CH", "8001", "8001"), ("CH", "CH-8001", "8001"),
                      ("CH", "0800", nil), ("CH", "80010", nil), ("LI", "9490", "9490"), ("DE", "D-10117", "10117"), ("DE", "1011", nil),
                      ("FR", "75001", "75001"), ("IT", "00120", "00120"), ("AT", "1010", "1010"), ("NL", "1012 ab", "1012 AB"),
                      ("NL", "1012SA", nil), ("PT", "1000-001", "1000-001"), ("PT", "1000", nil), ("GB", "sw1a  1aa", "SW1A 1AA"),
                      ("GB", "12345", nil), ("US", "94105-1234", "94105-1234"), ("CA", "K1A 0B1", "K1A 0B1"), ("PL", "00-950", "00-950"),
                      ("LT", "LT-01100", "01100"), ("JP", "100-0001", "100-0001")] as [(String, String, String?)])
    func postcodes(country: String, postcode: String, stored: String?) {
        let result = PostalAddress.parse(name: "N", street: "S", buildingNumber: nil, postcode: postcode, town: "T", country: country)
        switch (result, stored) {
        case (.success(let address), let stored?): #expect(address.postcode == stored)
        case (.failure(let failure), nil): #expect(failure.errors == [FieldError(field: "postcode", messageKey: "error.billing.postcode_format")])
        default: Issue.record("\(country) \(postcode): \(result)")
        }
    }
}
