import Foundation

/// One newsletter, written by staff in the languages they have. Each subscriber reads the text in her own language;
/// where there is none, the provider's default language; where that was not written either, the first language
/// written (in `Language.allCases` order). So nobody receives an empty mail, and nobody a language chosen at random.
public struct NewsletterIssue: Sendable, Equatable {
    public struct Text: Sendable, Equatable {
        public let subject: String
        public let body: String
    }

    public static let maximumSubject = 150
    public static let maximumBody = 50_000

    public let texts: [Language: Text]
    public let fallback: Language

    /// Checks what staff wrote, per language (`subject_de`, `body_de`): a subject needs its text and a text its
    /// subject, within their lengths, and at least one language complete — the default language's fields are named
    /// when nothing was written at all.
    public static func validate(_ written: [Language: (subject: String, body: String)], defaultLanguage: Language)
        -> Result<NewsletterIssue, ValidationFailure> {
        var errors: [FieldError] = []
        var texts: [Language: Text] = [:]
        for language in Language.allCases {
            let subject = (written[language]?.subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let body = (written[language]?.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if subject.isEmpty, body.isEmpty { continue }
            let code = language.rawValue
            if subject.isEmpty { errors.append(FieldError(field: "subject_\(code)", messageKey: "error.required")) }
            else if subject.count > maximumSubject { errors.append(FieldError(field: "subject_\(code)", messageKey: "error.too_long")) }
            // Read by every subscriber: no character that disguises the text (a bidi override, a zero-width space), and
            // no line break in a subject, which is one line of a mail header.
            else if let invisible = TextCharacters.invisibleCharacterError(in: subject, field: "subject_\(code)") { errors.append(invisible) }
            if body.isEmpty { errors.append(FieldError(field: "body_\(code)", messageKey: "error.required")) }
            else if body.count > maximumBody { errors.append(FieldError(field: "body_\(code)", messageKey: "error.too_long")) }
            else if let invisible = TextCharacters.invisibleCharacterError(in: body, field: "body_\(code)", lines: true) { errors.append(invisible) }
            texts[language] = Text(subject: subject, body: body)
        }
        if texts.isEmpty {
            errors = [FieldError(field: "subject_\(defaultLanguage.rawValue)", messageKey: "error.required"),
                      FieldError(field: "body_\(defaultLanguage.rawValue)", messageKey: "error.required")]
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        let fallback = texts[defaultLanguage] != nil ? defaultLanguage : Language.allCases.first { texts[$0] != nil }!
        return .success(NewsletterIssue(texts: texts, fallback: fallback))
    }

    /// The language a reader of `language` receives it in, and that text.
    public func text(for language: Language) -> (language: Language, text: Text) {
        if let own = texts[language] { return (language, own) }
        return (fallback, texts[fallback]!)
    }
}
