/// Small numbers written as words read as their digits, on both sides of the index.
///
/// Guides spell small numbers out ("código de seis cifras", "six-digit code", "sechs Ziffern") and customers type
/// digits ("codigo de 6 digitos", "6 digit code", "6-stelligen Code"): the two never met, so the number, often what
/// tells one code from another (the six-digit 2FA code, the eight-digit support code), counted for nothing. From two
/// to twelve, the numbers written as words. Homographs are left as they are: French "neuf" is "new" as often as
/// "nine" ("un téléphone neuf"), and Italian "sei" is "you are" as well as "six".
enum NumberWords {
    /// The digits an accent-folded, lowercased word stands for in `language`, or nil.
    static func digits(of foldedWord: String, language: SearchLanguage) -> String? {
        table[language]?[foldedWord]
    }

    /// A German number adjective with its number written as digits: "sechsstelligen" → "6stelligen", as "6-stelligen"
    /// reads once its hyphen is dropped (`JoinedQueryWords`). Only before the suffixes that make such adjectives
    /// (-stellig, -stufig, -fach, -mal, -tägig…): "Achtung", "Zweitadresse", "Vierteljahr" stay words.
    static func germanNumberAdjective(_ foldedWord: String) -> String? {
        guard let german = table[.de] else { return nil }
        for (spelling, digits) in german where foldedWord.hasPrefix(spelling) {
            let rest = foldedWord.dropFirst(spelling.count)
            if germanNumberSuffixes.contains(where: { rest.hasPrefix($0) }) { return digits + rest }
        }
        return nil
    }

    private static let germanNumberSuffixes = ["stellig", "stufig", "fach", "mal", "tagig", "taegig", "stundig", "stuendig",
                                               "wochig", "woechig", "monatig", "jahrig", "jaehrig", "minutig", "minuetig",
                                               "seitig", "teilig", "zeilig"]

    private static let table: [SearchLanguage: [String: String]] = {
        var table: [SearchLanguage: [String: String]] = [:]
        for (language, words) in source {
            var digits: [String: String] = [:]
            for (value, spellings) in words.enumerated() {
                for spelling in spellings.split(separator: "/") where !spelling.isEmpty {
                    digits[AccentFolding.fold(String(spelling))] = String(value + 2)
                }
            }
            table[language] = digits
        }
        return table
    }()

    /// Two to twelve; alternative spellings after a slash, an empty place for a homograph.
    private static let source: [SearchLanguage: [String]] = [
        .es: ["dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce"],
        .en: ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
        .fr: ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "", "dix", "onze", "douze"],
        .de: ["zwei/zwo", "drei", "vier", "fünf/fuenf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf/zwoelf"],
        .it: ["due", "tre", "quattro", "cinque", "", "sette", "otto", "nove", "dieci", "undici", "dodici"],
    ]
}
