import Fluent
import Foundation

/// One search typed in the help center, for the staff's analytics (top queries, queries with no result).
final class HelpSearchLogEntry: Model, @unchecked Sendable {
    static let schema = "help_search_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "query") var query: String
    @Field(key: "language") var language: String
    @Field(key: "result_count") var resultCount: Int
    @OptionalField(key: "first_result_slug") var firstResultSlug: String?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $query, $language, $resultCount, $firstResultSlug, $createdAt] }

    init() {}

    init(query: String, language: String, resultCount: Int, firstResultSlug: String?, now: Date) {
        self.query = query
        self.language = language
        self.resultCount = resultCount
        self.firstResultSlug = firstResultSlug
        createdAt = now
    }
}
