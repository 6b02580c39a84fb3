import Testing
import KontorDomain

@Suite("Phone numbers for SMS")
struct PhoneNumberTests {
    @Test("common ways of writing an international number give its E.164 form", arguments: [
        "+41 79 123 45 67", "0041 79 123 45 67", "+41791234567", "  +41 79 123 45 67 ", "+41 (0)79 123-45-67",
        "+41.79.123.45.67", "+41 79/123 45 67", "(+41) 79 123 45 67",
    ])
    func parses(_ raw: String) {
        #expect(PhoneNumber.parse(raw) == .success(PhoneNumber("+41791234567")!))
        #expect(PhoneNumber(raw)?.e164 == "+41791234567")
    }

    @Test("8 to 15 digits are accepted, the country code included")
    func digitCount() {
        #expect(PhoneNumber("+4179123")?.e164 == nil)  // 7
        #expect(PhoneNumber("+41791234")?.e164 == "+41791234")  // 8
        #expect(PhoneNumber("+417912345678901")?.e164 == "+417912345678901")  // 15
        #expect(PhoneNumber("+4179123456789012") == nil)  // 16
    }

    @Test("numbers without a country code, or that are not numbers, are refused with the field's error", arguments: [
        "079 123 45 67", "41791234567", "+0791234567", "000791234567", "++41791234567", "+41 79 123 45 6x",
        "+41 79 123 45 67 ext 3", "+", "0041", "+٤١٧٩١٢٣٤٥٦٧",
    ])
    func rejects(_ raw: String) {
        #expect(PhoneNumber.parse(raw) == .failure(FieldError(field: "phone", messageKey: "error.phone.invalid")))
    }

    @Test("an empty field is reported as required, under the caller's field name")
    func required() {
        #expect(PhoneNumber.parse("  ") == .failure(FieldError(field: "phone", messageKey: "error.required")))
        #expect(PhoneNumber.parse(nil, field: "mobile") == .failure(FieldError(field: "mobile", messageKey: "error.required")))
    }

    @Test("the country calling code is read by the E.164 prefix rules", arguments: [
        ("+41791234567", "41"), ("+12025550123", "1"), ("+79161234567", "7"), ("+447911123456", "44"),
        ("+352621123456", "352"), ("+4915123456789", "49"), ("+97150123456", "971"),
    ])
    func countryCode(number: String, code: String) {
        #expect(PhoneNumber(number)?.countryCode == code)
    }

    @Test("masked numbers show only the country code and the last two digits", arguments: [
        ("+41 79 123 45 67", "+41 •• ••• •• 67"),
        ("+1 202 555 0123", "+1 ••• ••• •• 23"),
        ("+49 151 23456789", "+49 •••• ••• •• 89"),
        ("+352 621 123 456", "+352 •• ••• •• 56"),
    ])
    func masks(raw: String, masked: String) throws {
        let number = try #require(PhoneNumber(raw))
        #expect(number.masked == masked)
        let shownDigits = number.masked.filter(\.isNumber)
        #expect(shownDigits == number.countryCode + number.e164.suffix(2))
    }
}
