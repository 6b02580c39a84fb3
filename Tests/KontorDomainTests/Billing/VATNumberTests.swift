import KontorDomain
import Testing

@Suite("VAT numbers on billing addresses: the shape each authority publishes, and the address's country")
struct VATNumberTests {
    @Test("numbers in the forms businesses write them are accepted and kept compact", arguments: [
        ("DE 136 695 976", "DE", "DE136695976"),
        ("de136695976", "DE", "DE136695976"),
        ("136695976", "DE", "DE136695976"),
        ("FR 40 303 265 045", "FR", "FR40303265045"),
        ("ATU13585627", "AT", "ATU13585627"),
        ("EL 094 259 216", "GR", "EL094259216"),
        ("ESX1234567R", "ES", "ESX1234567R"),
        ("NL 123456782B01", "NL", "NL123456782B01"),
        ("IE 1234567WA", "IE", "IE1234567WA"),
        ("IT 00743110157", "IT", "IT00743110157"),
        // Registered companies' numbers, each with the check digit its authority computes.
        ("BE 0202.239.951", "BE", "BE0202239951"),
        ("DK 13 58 56 28", "DK", "DK13585628"),
        ("LU26375245", "LU", "LU26375245"),
        ("FI 0112 0389", "FI", "FI01120389"),
        ("SE 5560360793 01", "SE", "SE556036079301"),
        ("PT 501 964 843", "PT", "PT501964843"),
        ("PL 526-025-09-95", "PL", "PL5260250995"),
        ("NL004495445B01", "NL", "NL004495445B01"),
        ("XI 123 4567 89", "GB", "XI123456789"),
        ("CHE-116.281.710 MWST", "CH", "CHE116281710"),
        ("CHE-123.456.788", "LI", "CHE123456788"),
        ("NO 123456789 MVA", "NO", "NO123456789MVA"),
        ("12-3456789", "US", "123456789"),
    ])
    func accepted(raw: String, country: String, compact: String) throws {
        #expect(try VATNumber.parse(raw, country: country).get().compact == compact)
    }

    @Test("a malformed number is refused as malformed, naming the field", arguments: [
        ("DE 12345678", "DE"),         // eight digits, Germany has nine
        ("ATU1234567", "AT"),          // seven after the U
        ("CHE-116.281.711", "CH"),     // wrong check digit
        ("CHE-123.456.789", "CH"),     // check digit 10 is never issued… and 9 is not 8
        ("NL123456789", "NL"),         // no B01 suffix
        ("DE12345678$", "DE"),
        ("X", "US"),
        ("", "DE"),
    ])
    func malformed(raw: String, country: String) {
        #expect(throws: FieldError(field: "vat_number", messageKey: "error.billing.vat_number_format")) {
            try VATNumber.parse(raw, country: country).get()
        }
    }

    @Test("a number whose check digit does not hold is refused as mistyped, never made reverse charge", arguments: [
        ("DE136695977", "DE"),        // the authority's check digit is 6
        ("FR41303265045", "FR"),      // the key of SIREN 303 265 045 is 40
        ("IT00743110158", "IT"),      // Luhn
        ("ATU13585628", "AT"),
        ("NL123456789B01", "NL"),     // neither mod 11 nor mod 97
        ("EL094259217", "GR"),
        ("BE0123456780", "BE"),
        ("DK13585629", "DK"),
        ("PL5260001247", "PL"),
    ])
    func checkDigit(raw: String, country: String) {
        #expect(throws: FieldError(field: "vat_number", messageKey: "error.billing.vat_number_check")) {
            try VATNumber.parse(raw, country: country).get()
        }
    }

    @Test("another country's number on an address is refused as such", arguments: [
        ("DE123456789", "AT"),
        ("CHE-116.281.710", "DE"),
        ("FR40303265045", "CH"),
        ("GR094259216", "GR"),        // Greece's numbers carry EL, not GR
        ("DE123456789", "US"),
    ])
    func otherCountry(raw: String, country: String) {
        #expect(throws: FieldError(field: "vat_number", messageKey: "error.billing.vat_number_country")) {
            try VATNumber.parse(raw, country: country).get()
        }
    }

    @Test("the Swiss UID is printed in its official form; the others as entered, compact")
    func printed() throws {
        #expect(try VATNumber.parse("che116281710", country: "CH").get().printed == "CHE-116.281.710")
        #expect(try VATNumber.parse("DE 136 695 976", country: "DE").get().printed == "DE136695976")
    }
}
