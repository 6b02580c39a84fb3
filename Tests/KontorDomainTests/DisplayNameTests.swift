import KontorDomain
import Testing

@Suite("Display names: what people, organizations and tokens are called")
struct DisplayNameTests {
    @Test("surrounding spaces are trimmed; blank and over-long names are refused on their field")
    func trimmingAndLength() throws {
        #expect(try DisplayName.parse("  Ana García  ").get().value == "Ana García")
        #expect(DisplayName.parse("   ", field: "name") == .failure(FieldError(field: "name", messageKey: "error.required")))
        #expect(DisplayName.parse(String(repeating: "a", count: 101)) == .failure(FieldError(field: "name", messageKey: "error.too_long")))
        #expect(try DisplayName.parse(String(repeating: "a", count: 100)).get().value.count == 100)
    }

    @Test("a control character is refused wherever it is, even where trimming would have dropped it, as the API's schema says")
    func controlCharacters() {
        for raw in ["Ana\u{0}García", "Ana\tGarcía", "Ana García\u{0C}", "\u{0B}Ana", "Ana\u{85}"] {
            #expect(DisplayName.parse(raw) == .failure(FieldError(field: "name", messageKey: "error.invalid_characters")), "\(raw.debugDescription)")
        }
    }
}
