import Foundation
import KontorDomain

/// The console's message catalogs (`Resources/Locales/<language>.json`), with English as the fallback.
struct Localizer: Sendable {
    let catalogs: [Language: [String: String]]

    /// The bundled catalogs, read once per process: they are part of the build and never change while it runs, and
    /// every `configure` (each test's server, each of a test's two servers) would otherwise decode five JSON files.
    static let bundled = loadBundled()

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
    /// A message with a count (`count`, `minutes`, `hours` or `days`) has plural variants `key.one` and `key.other`, chosen by
    /// the language's plural rule (`PluralCategory`): "1 product", "3 products", never "product(s)".
    func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var message = plural(key, language, arguments) ?? catalogs[language]?[key] ?? catalogs[.en]?[key] ?? key
        for (name, value) in arguments { message = message.replacingOccurrences(of: "{\(name)}", with: value) }
        return message
    }

    func has(_ key: String) -> Bool { catalogs[.en]?[key] != nil || catalogs[.en]?[key + ".other"] != nil }

    private static let countArguments = ["count", "minutes", "hours", "days"]

    private func plural(_ key: String, _ language: Language, _ arguments: [String: String]) -> String? {
        guard let count = Self.countArguments.lazy.compactMap({ arguments[$0].flatMap { Int($0) } }).first else { return nil }
        let variant = key + "." + PluralCategory(count, in: language).rawValue
        return catalogs[language]?[variant] ?? catalogs[.en]?[variant]
    }
}
