import Fluent
import Foundation
import KontorDomain

/// An immutable snapshot of an article, written at every save, so editors can compare and restore.
final class HelpArticleRevision: Model, @unchecked Sendable {
    static let schema = "help_article_revisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "article_id") var article: HelpArticle
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "body") var body: String
    @Field(key: "status") var statusValue: String
    @OptionalField(key: "staff_member_id") var staffMemberID: UUID?
    @Field(key: "author_name") var authorName: String
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $article, $number, $title, $summary, $body, $statusValue, $staffMemberID, $authorName, $note, $createdAt
        ]
    }

    init() {}

    convenience init(of article: HelpArticle, number: Int, author: StaffMember?, note: String, now: Date) throws {
        try self.init(of: article, content: article.draft, status: article.status, number: number, author: author, note: note, now: now)
    }

    /// A snapshot of `content` saved for `article`: its live text, or changes saved but not yet published.
    init(of article: HelpArticle, content: ArticleDraft, status: HelpArticleStatus, number: Int, author: StaffMember?, note: String, now: Date) throws {
        $article.id = try article.requireID()
        self.number = number
        title = content.title
        summary = content.summary
        body = content.body
        statusValue = status.rawValue
        staffMemberID = author?.id
        authorName = author?.name ?? "import"
        self.note = note
        createdAt = now
    }
}
