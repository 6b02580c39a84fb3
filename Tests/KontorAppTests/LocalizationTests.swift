import Foundation
@testable import KontorApp
import KontorDomain
import Testing

@Suite("Message catalogs")
struct LocalizationTests {
    let localizer = Localizer.loadBundled()

    /// Every `#t("key"` in the templates and every catalog key written in Swift sources.
    static func usedKeys() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/KontorApp")
        var keys = Set<String>()
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        let patterns = [#"#t\("([a-z0-9_.]+)""#, #"[tT]\("([a-z][a-z0-9_]*\.[a-z0-9_.]+)""#, #"messageKey: "([a-z0-9_.]+)""#,
                        #"text\("([a-z][a-z0-9_]*\.[a-z0-9_.]+)""#, #""(error\.[a-z0-9_.]+)""#, #""(mail\.[a-z0-9_.]+)""#]
        for case let url as URL in enumerator where ["leaf", "swift"].contains(url.pathExtension) {
            let text = try String(contentsOf: url, encoding: .utf8)
            for pattern in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        return keys.filter { !$0.hasSuffix(".") }
    }

    @Test("every key the templates and code use exists in English")
    func englishHasEveryKey() throws {
        let english = try #require(localizer.catalogs[.en])
        // A message with a count is there as its plural variants (`key.one`, `key.other`).
        let missing = try Self.usedKeys().filter { english[$0] == nil && (english[$0 + ".one"] == nil || english[$0 + ".other"] == nil) }
        #expect(missing.isEmpty, "missing from en.json: \(missing.sorted())")
    }

    @Test("Spanish is complete")
    func spanishIsComplete() throws {
        let english = try #require(localizer.catalogs[.en]), spanish = try #require(localizer.catalogs[.es])
        #expect(Set(english.keys).subtracting(spanish.keys).isEmpty, "missing from es.json: \(Set(english.keys).subtracting(spanish.keys).sorted())")
    }

    @Test("French, German and Italian exist; their missing keys are listed and fall back to English")
    func otherCatalogs() throws {
        let english = try #require(localizer.catalogs[.en])
        for language in [Language.fr, .de, .it] {
            let catalog = try #require(localizer.catalogs[language], "no \(language.rawValue).json")
            let missing = Set(english.keys).subtracting(catalog.keys).sorted()
            if !missing.isEmpty { print("\(language.rawValue).json lacks \(missing.count) key(s), shown in English: \(missing.joined(separator: ", "))") }
            #expect(Set(catalog.keys).subtracting(english.keys).isEmpty, "\(language.rawValue).json has keys English lacks")
        }
        #expect(Localizer(catalogs: [.en: ["a.b": "English"]]).text("a.b", .it) == "English")
    }

    @Test("placeholders survive translation")
    func placeholders() throws {
        let english = try #require(localizer.catalogs[.en])
        let regex = try NSRegularExpression(pattern: #"\{[a-z]+\}"#)
        func names(_ text: String) -> Set<String> {
            Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) })
        }
        for (language, catalog) in localizer.catalogs where language != .en {
            for (key, text) in catalog {
                #expect(names(text) == names(english[key] ?? ""), "\(language.rawValue): \(key)")
            }
        }
    }

    @Test("a count takes the language's singular or plural: one seat taken, two seats taken")
    func seatsTaken() {
        let one = localizer.text("suite.plan", .en, ["users": "5", "storage": "500", "count": "1"])
        let two = localizer.text("suite.plan", .en, ["users": "5", "storage": "500", "count": "2"])
        #expect(one.hasSuffix("1 seat taken.") && two.hasSuffix("2 seats taken."))
        #expect(localizer.text("suite.plan", .de, ["users": "5", "storage": "500", "count": "1"]).hasSuffix("1 Platz belegt."))
        #expect(localizer.text("suite.plan", .fr, ["users": "5", "storage": "500", "count": "0"]).hasSuffix("0 place occupée."), "French: 0 is singular")
    }
}
