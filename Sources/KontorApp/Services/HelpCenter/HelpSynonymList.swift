import Fluent
import Foundation

/// The synonym groups editors add to the help search. A group is added once: the same terms for the same language
/// (in any order or case) sent again — a double click, a resend, a second editor at the same moment — add no second
/// row, which the synonyms page would list twice and each would have to be deleted on its own.
struct HelpSynonymList {
    let db: any Database
    let now: Date

    /// `pg_advisory_xact_lock`'s key for adding synonyms: "Kontor", help, synonyms.
    static let lockKey: Int64 = 0x4B6F_6E74_6F72_0C51

    /// Adds the group unless the same one is there; whether it was added.
    @discardableResult
    func add(_ terms: [String], language: String) async throws -> Bool {
        let wanted = Self.identity(terms)
        return try await db.transaction { db in
            try await db.lockAdvisory(Self.lockKey)
            let existing = try await HelpSynonym.query(on: db).filter(\.$language == language).all()
            guard !existing.contains(where: { Self.identity($0.terms) == wanted }) else { return false }
            try await HelpSynonym(language: language, terms: terms, now: now).create(on: db)
            return true
        }
    }

    /// What makes two groups the same: their terms, whatever the order or case.
    private static func identity(_ terms: [String]) -> Set<String> { Set(terms.map { $0.lowercased() }) }
}
