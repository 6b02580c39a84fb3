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
        for (raw, code) in [("Ana\u{0}García", "U+0000"), ("Ana\tGarcía", "U+0009"), ("Ana García\u{0C}", "U+000C"), ("\u{0B}Ana", "U+000B"), ("Ana\u{85}", "U+0085")] {
            #expect(DisplayName.parse(raw) == .failure(FieldError(field: "name", messageKey: "error.invalid_characters", arguments: ["character": code])),
                    "\(raw.debugDescription)")
        }
    }

    @Test("bidi controls, zero-width characters and line separators are refused, naming the character: they disguise who is who")
    func invisibleCharacters() {
        let invisible: [Unicode.Scalar] = ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
                                           "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{2028}", "\u{2029}", "\u{9B}"]
        for scalar in invisible {
            guard case .failure(let error) = DisplayName.parse("An\(Character(scalar))a", field: "name") else {
                Issue.record("U+\(String(scalar.value, radix: 16)) accepted"); continue
            }
            #expect(error.field == "name" && error.messageKey == "error.invalid_characters")
            #expect(error.arguments["character"] == TextCharacters.codePoint(scalar))
        }
        #expect(DisplayName.parse("\u{202E}evil") == .failure(FieldError(field: "name", messageKey: "error.invalid_characters", arguments: ["character": "U+202E"])))
    }

    @Test("private-use characters and noncharacters are refused, naming the character: no one else's font shows them")
    func privateUseAndNoncharacters() {
        for scalar in [0xE000, 0xF8FF, 0xF0000, 0xFFFF, 0xFDD0, 0x1FFFE].compactMap(Unicode.Scalar.init(_:) as (UInt32) -> Unicode.Scalar?) {
            #expect(DisplayName.parse("An\(Character(scalar))a") == .failure(FieldError(field: "name", messageKey: "error.invalid_characters",
                                                                                          arguments: ["character": TextCharacters.codePoint(scalar)])))
        }
    }

    @Test("one letter carrying thousands of combining marks is too long, though people read one character")
    func combiningMarkFlood() throws {
        #expect(DisplayName.parse("G" + String(repeating: "\u{0301}\u{0308}", count: 2_500)) == .failure(FieldError(field: "name", messageKey: "error.too_long")))
        #expect(try DisplayName.parse("Nguye\u{0302}\u{0303}n Thi\u{0323}").get().value == "Nguyễn Thị", "a name's own marks are fine")
    }

    @Test("a name is stored composed (NFC), so the same visible name is the same text; its length counts the composed characters")
    func normalization() throws {
        #expect(try DisplayName.parse("E\u{0301}mile Zola").get().value == "\u{C9}mile Zola")
        #expect(try DisplayName.parse("E\u{0301}mile Zola").get().value.unicodeScalars.count == 10)
        #expect(try DisplayName.parse(String(repeating: "e\u{0301}", count: 100)).get().value.unicodeScalars.count == 100)
    }
}
