/// The languages the console speaks. Spanish and English are complete; the others fall back to English.
public enum Language: String, CaseIterable, Codable, Sendable {
    case es, fr, en, de, it

    /// The language's own name, for pickers.
    public var nativeName: String {
        switch self {
        case .es: "Español"
        case .fr: "Français"
        case .en: "English"
        case .de: "Deutsch"
        case .it: "Italiano"
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    public static func preferred(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { String($0).trimmingWhitespace() }
            guard let tag = pieces.first?.lowercased(), let code = tag.split(separator: "-").first,
                  let language = Language(rawValue: String(code)) else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (language, q)
        }
        return ranked.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0
    }

    /// Validates a submitted language code.
    public static func parse(_ raw: String?, field: String = "language") -> Result<Language, FieldError> {
        guard let raw, !raw.isEmpty else { return .failure(FieldError(field: field, messageKey: "error.required")) }
        guard let language = Language(rawValue: raw) else {
            return .failure(FieldError(field: field, messageKey: "error.language.unsupported"))
        }
        return .success(language)
    }
}
