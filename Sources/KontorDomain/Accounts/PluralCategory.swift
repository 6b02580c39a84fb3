/// Which plural form a count takes in a language, after the Unicode CLDR plural rules for whole numbers: English,
/// German, Italian and Spanish say "1 product, 0 products"; French says "0 produit, 1 produit, 2 produits"
/// (`i = 0,1` is "one"). Catalog messages with a count come as `key.one` and `key.other` instead of "product(s)".
/// (CLDR's "many" forms of es/fr/it apply only to numbers written with an exponent, which Kontor never prints.)
public enum PluralCategory: String, Sendable, CaseIterable {
    case one, other

    public init(_ count: Int, in language: Language) {
        switch language {
        case .fr: self = count == 0 || count == 1 ? .one : .other
        case .en, .de, .it, .es: self = count == 1 ? .one : .other
        }
    }
}
