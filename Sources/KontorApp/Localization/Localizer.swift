import Foundation
import KontorDomain

/// The console's message catalogs (`Resources/Locales/<language>.json`), with English as the fallback.
struct Localizer: Sendable {
    let catalogs: [Language: [String: String]]

    static func loadBundled() -> Localizer {
        var catalogs: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let data = BundledResources.data("Locales/\(language.rawValue).json"),
                  let catalog = try? JSONDecoder().decode([String: String].self, from: data) else { continue }
            catalogs[language] = catalog
        }
        return Localizer(catalogs: catalogs)
    }

    /// The message for `key` in `language`, else in English, else the key itself (so a gap is visible, never a crash).
    /// `{name}` placeholders are replaced from `arguments`.
    func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var message = catalogs[language]?[key] ?? catalogs[.en]?[key] ?? key
        for (name, value) in arguments { message = message.replacingOccurrences(of: "{\(name)}", with: value) }
        return message
    }

    func has(_ key: String) -> Bool { catalogs[.en]?[key] != nil }
}
