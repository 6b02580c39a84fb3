import Fluent
import Foundation

/// One reader's answer to "Was this helpful?", with an optional comment.
final class HelpFeedback: Model, @unchecked Sendable {
    static let schema = "help_feedback"

    @ID(key: .id) var id: UUID?
    @Parent(key: "article_id") var article: HelpArticle
    @Field(key: "is_helpful") var isHelpful: Bool
    @Field(key: "comment") var comment: String
    /// A keyed hash of the visitor's cookie, so one reader's repeated clicks count once.
    @Field(key: "voter_hash") var voterHash: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $article, $isHelpful, $comment, $voterHash, $createdAt] }

    init() {}

    init(articleID: UUID, isHelpful: Bool, comment: String, voterHash: String, now: Date) {
        $article.id = articleID
        self.isHelpful = isHelpful
        self.comment = comment
        self.voterHash = voterHash
        createdAt = now
    }
}
