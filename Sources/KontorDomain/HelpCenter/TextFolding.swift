import Foundation

/// Accent- and case-insensitive forms of text, so "Facturación" and "facturacion" compare equal.
enum TextFolding {
    /// Lowercased with diacritics removed ("Código" → "codigo", "ñ" → "n").
    static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    }

    /// The folded text's runs of ASCII letters and digits; everything else separates words.
    static func words(_ text: String) -> [String] {
        fold(text).split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
    }
}
