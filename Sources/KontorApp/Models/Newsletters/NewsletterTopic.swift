import Fluent
import Foundation

/// A subject customers can subscribe to (seed guide "gestionar la recepción de las Newsletters"); its name and
/// description live in `NewsletterTopicName`, one per language.
final class NewsletterTopic: Model, @unchecked Sendable {
    static let schema = "newsletter_topics"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$topic) var names: [NewsletterTopicName]

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $slug, $createdAt, $names] }

    init() {}

    init(slug: String, now: Date) {
        self.slug = slug
        createdAt = now
    }

    /// The name and description in `language`, else English, else any.
    func name(in language: String) -> (name: String, description: String) {
        let chosen = names.first { $0.language == language } ?? names.first { $0.language == "en" } ?? names.first
        return (chosen?.name ?? slug, chosen?.description ?? "")
    }
}

final class NewsletterTopicName: Model, @unchecked Sendable {
    static let schema = "newsletter_topic_names"

    @ID(key: .id) var id: UUID?
    @Parent(key: "topic_id") var topic: NewsletterTopic
    @Field(key: "language") var language: String
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $topic, $language, $name, $description] }

    init() {}

    init(topicID: UUID, language: String, name: String, description: String) {
        $topic.id = topicID
        self.language = language
        self.name = name
        self.description = description
    }
}

/// One user's subscription to one topic.
final class NewsletterSubscription: Model, @unchecked Sendable {
    static let schema = "newsletter_subscriptions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "topic_id") var topic: NewsletterTopic
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $user, $topic, $createdAt] }

    init() {}

    init(userID: UUID, topicID: UUID, now: Date) {
        $user.id = userID
        $topic.id = topicID
        createdAt = now
    }
}
