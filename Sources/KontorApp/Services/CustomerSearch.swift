import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Finds customers for the billing staff by what a caller or a colleague has at hand: the organization's name, its
/// customer number, a member's name or e-mail address, or a product's name (a domain, a hosting). Neither case nor
/// accents matter; every word typed must be found (in any of those), so "garcia panaderia" finds "Panadería García SL".
struct CustomerSearch {
    let db: any Database

    struct Hit: Sendable {
        let organizationID: UUID
        let name: String
        let customerNumber: Int64?
        /// The organization's legal representative, as the caller would name them.
        let representative: String?
        let representativeEmail: String?
        /// Its products, the deleted ones left out (as the caller look-up counts them, `currentProducts(of:)`).
        let products: Int
    }

    /// At most this many hits are listed; more means the search should be narrowed.
    static let limit = 50

    /// Words of the query, folded as `folded(_:)` folds the columns, at most five (a pasted paragraph costs no more
    /// than a name).
    static func words(of query: String) -> [String] {
        Array(query.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," })
            .map { fold(String($0)) }.filter { !$0.isEmpty }.prefix(5))
    }

    /// The accented letters of the languages Kontor's customers write in, each with the letter it is compared as.
    /// Capitals are listed too: SQLite's `lower()` changes ASCII letters only.
    static let foldedLetters: [(Character, Character)] = {
        let groups: [(String, Character)] = [("áàâäãåÁÀÂÄÃÅ", "a"), ("éèêëÉÈÊË", "e"), ("íìîïÍÌÎÏ", "i"), ("óòôöõÓÒÔÖÕ", "o"),
                                             ("úùûüÚÙÛÜ", "u"), ("ñÑ", "n"), ("çÇ", "c"), ("ÿŸ", "y")]
        return groups.flatMap { letters, plain in letters.map { ($0, plain) } }
    }()

    private static let foldedLetter = Dictionary(uniqueKeysWithValues: foldedLetters)

    /// A word as the search compares it: lower case, accents off — with the same letters as `folded(_:)`, not
    /// KontorSearch's wider folding, so a word typed and a word stored always fold alike.
    static func fold(_ word: String) -> String {
        String(word.precomposedStringWithCanonicalMapping.lowercased().map { foldedLetter[$0] ?? $0 })
    }

    /// The same folding in SQL, the same on SQLite and PostgreSQL (no extension such as `unaccent` needed): `lower()`,
    /// then one `replace` per accented letter. Written out here because neither database folds accents by itself.
    static func folded(_ column: String) -> String {
        foldedLetters.reduce("lower(\(column))") { expression, pair in "replace(\(expression), '\(pair.0)', '\(pair.1)')" }
    }

    /// Hits ordered by name; `limit + 1` rows are read so the caller can tell there are more.
    func find(_ query: String) async throws -> [Hit] {
        let words = Self.words(of: query)
        guard !words.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        var conditions: [SQLQueryString] = []
        for word in words {
            // LIKE with the user's % and _ taken literally; lower() on both sides, as PostgreSQL's LIKE is case-sensitive.
            let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            let number = Int64(word.filter { $0 != "'" && $0 != "." && $0 != " " }) ?? -1
            conditions.append("""
                (\(unsafeRaw: Self.folded("o.name")) LIKE \(bind: pattern) ESCAPE '\\' OR o.customer_number = \(bind: number)
                 OR EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = o.id
                            AND (lower(u.email) LIKE \(bind: pattern) ESCAPE '\\' OR \(unsafeRaw: Self.folded("u.name")) LIKE \(bind: pattern) ESCAPE '\\'))
                 OR EXISTS (SELECT 1 FROM products p WHERE p.organization_id = o.id AND \(unsafeRaw: Self.folded("p.name")) LIKE \(bind: pattern) ESCAPE '\\'))
                """)
        }
        let whereClause = conditions.joined(separator: " AND ")
        let query: SQLQueryString = """
            SELECT o.id, o.name, o.customer_number,
              (SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = o.id
                 AND m.role = \(bind: OrganizationRole.legalRepresentative.rawValue) ORDER BY m.created_at LIMIT 1) AS representative,
              (SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = o.id
                 AND m.role = \(bind: OrganizationRole.legalRepresentative.rawValue) ORDER BY m.created_at LIMIT 1) AS representative_email,
              (SELECT COUNT(*) FROM products p WHERE p.organization_id = o.id
                 AND p.status <> \(bind: ProductState.deleted.rawValue)) AS products
            FROM organizations o WHERE\u{20}
            """ + whereClause + " ORDER BY lower(o.name), o.customer_number LIMIT \(unsafeRaw: String(Self.limit + 1))"
        return try await sql.raw(query).all().map { row in
            Hit(organizationID: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                customerNumber: try row.decode(column: "customer_number", as: Int64?.self),
                representative: try row.decode(column: "representative", as: String?.self),
                representativeEmail: try row.decode(column: "representative_email", as: String?.self),
                products: Int(try row.decode(column: "products", as: Int64.self)))
        }
    }
}
