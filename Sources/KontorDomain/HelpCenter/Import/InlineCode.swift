import Foundation

/// Marks code-like tokens with backticks so database names and prefixes read as literal values.
enum InlineCode {
    /// Quoted lowercase identifiers (`"mabase"`) and bare identifiers with an underscore (`wxyz_mabase`)
    /// become inline code; text already inside backticks is left alone.
    static func format(_ text: String) -> String {
        // Splitting on backticks leaves code spans at odd positions, so only even positions are rewritten.
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index.isMultiple(of: 2) ? markBareIdentifiers(markQuotedIdentifiers(String(part))) : String(part)
        }.joined(separator: "`")
    }

    /// Whether `token` looks like a value typed into a config file: lowercase ASCII letters, digits and `_.-`.
    static func isIdentifier(_ token: Substring) -> Bool {
        guard let first = token.first, first.isLowercase || first.isNumber || first == "_" else { return false }
        return token.contains(where: \.isLetter)
            && token.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "_.-".contains($0)) }
    }

    private static func markQuotedIdentifiers(_ text: String) -> String {
        let pieces = text.split(separator: "\"", omittingEmptySubsequences: false)
        guard pieces.count >= 3 else { return text }
        var result = String(pieces[0])
        var index = 1
        // Pieces alternate outside/inside quotes; an inside piece that is an identifier loses its quotes.
        while index < pieces.count {
            let inside = pieces[index]
            if index + 1 < pieces.count {
                result += isIdentifier(inside) ? "`\(inside)`" : "\"\(inside)\""
                result += pieces[index + 1]
            } else {
                result += "\"" + inside
            }
            index += 2
        }
        return result
    }

    private static func markBareIdentifiers(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            let core = word.drop { "(\"".contains($0) }.reversed().drop { ".,;:!?)\"".contains($0) }.reversed()
            let token = Substring(String(core))
            guard token.contains("_"), isIdentifier(token), let range = word.range(of: token) else { return String(word) }
            return word.replacingCharacters(in: range, with: "`\(token)`")
        }.joined(separator: " ")
    }
}
