/// A help-center language; each language is analysed and searched on its own.
public enum SearchLanguage: String, Sendable, CaseIterable {
    /// Spanish.
    case es
    /// French.
    case fr
    /// English.
    case en
    /// German.
    case de
    /// Italian.
    case it

    /// The name libstemmer knows this language's Snowball algorithm by.
    var snowballAlgorithm: String {
        switch self {
        case .es: "spanish"
        case .fr: "french"
        case .en: "english"
        case .de: "german"
        case .it: "italian"
        }
    }
}
