import KontorDomain
import Testing

@Suite("A newsletter in the languages staff wrote: each reader her own, else the default language's, else the first written")
struct NewsletterIssueTests {
    private func issue(_ written: [Language: (String, String)], default language: Language = .en) throws -> NewsletterIssue {
        try NewsletterIssue.validate(written.mapValues { (subject: $0.0, body: $0.1) }, defaultLanguage: language).get()
    }

    @Test("a reader of a written language gets it; the others get the default language's text and its language")
    func ownLanguageThenDefault() throws {
        let news = try issue([.de: ("Neuigkeiten", "Hallo"), .en: ("News", "Hello")])
        #expect(news.text(for: .de).text.subject == "Neuigkeiten" && news.text(for: .de).language == .de)
        #expect(news.text(for: .it).language == .en && news.text(for: .it).text.body == "Hello")
    }

    @Test("without the default language, the first written in the order es, fr, en, de, it")
    func firstWrittenWhenNoDefault() throws {
        let news = try issue([.it: ("Novità", "Ciao"), .fr: ("Nouvelles", "Bonjour")], default: .en)
        #expect(news.fallback == .fr)
        #expect(news.text(for: .es).text.subject == "Nouvelles")
    }

    @Test("a subject needs its text and a text its subject, named by language; nothing written names the default language")
    func validation() {
        let half = NewsletterIssue.validate([.de: (subject: "Neuigkeiten", body: "  "), .fr: (subject: "", body: "Bonjour")], defaultLanguage: .en)
        #expect(throws: ValidationFailure([FieldError(field: "subject_fr", messageKey: "error.required"),
                                           FieldError(field: "body_de", messageKey: "error.required")])) { try half.get() }
        let empty = NewsletterIssue.validate([:], defaultLanguage: .es)
        #expect(throws: ValidationFailure([FieldError(field: "subject_es", messageKey: "error.required"),
                                           FieldError(field: "body_es", messageKey: "error.required")])) { try empty.get() }
        let long = NewsletterIssue.validate([.en: (subject: String(repeating: "a", count: 151), body: "x")], defaultLanguage: .en)
        #expect(throws: ValidationFailure([FieldError(field: "subject_en", messageKey: "error.too_long")])) { try long.get() }
    }

    @Test("a subject with a line break, bidi control or zero-width character, and a text with one (line breaks and tabs are text), are refused naming the field and the character")
    func invisibleCharacters() throws {
        let subject = NewsletterIssue.validate([.en: (subject: "News\u{202E}txet", body: "Hello")], defaultLanguage: .en)
        #expect(throws: ValidationFailure([FieldError(field: "subject_en", messageKey: "error.invalid_characters", arguments: ["character": "U+202E"])])) {
            try subject.get()
        }
        let header = NewsletterIssue.validate([.en: (subject: "News\r\nBcc: all@example.test", body: "Hello")], defaultLanguage: .en)
        #expect(throws: ValidationFailure([FieldError(field: "subject_en", messageKey: "error.invalid_characters", arguments: ["character": "U+000D"])])) {
            try header.get()
        }
        let body = NewsletterIssue.validate([.de: (subject: "Neuigkeiten", body: "Hallo\u{200B} und\u{0007}")], defaultLanguage: .de)
        #expect(throws: ValidationFailure([FieldError(field: "body_de", messageKey: "error.invalid_characters", arguments: ["character": "U+200B"])])) {
            try body.get()
        }
        let lines = try issue([.en: ("News", "Hello,\r\n\n\tthe first line\nand the second.")])
        #expect(lines.text(for: .en).text.body.contains("\n\tthe first line"))
    }
}
