import Fluent
import Foundation

/// A group of words editors declare equivalent for search ("2FA", "A2F", "verificación en dos pasos").
final class HelpSynonym: Model, @unchecked Sendable {
    static let schema = "help_synonyms"

    @ID(key: .id) var id: UUID?
    @Field(key: "language") var language: String
    /// The terms, one per line.
    @Field(key: "terms") var termsText: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $language, $termsText, $createdAt] }

    init() {}

    init(language: String, terms: [String], now: Date) {
        self.language = language
        termsText = terms.joined(separator: "\n")
        createdAt = now
    }

    var terms: [String] { termsText.split(separator: "\n").map(String.init) }
}
