import Fluent
import Foundation
import KontorDomain
import Vapor

/// Newsletter topics, each user's choice of them, one-click unsubscribing, and sending an issue to a topic
/// through the outbox with RFC 8058 `List-Unsubscribe` headers.
struct NewsletterService {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    func topics() async throws -> [NewsletterTopic] {
        try await NewsletterTopic.query(on: db).with(\.$names).sort(\.$slug).all()
    }

    func subscribedTopicIDs(of userID: UUID) async throws -> Set<UUID> {
        Set(try await NewsletterSubscription.query(on: db).filter(\.$user.$id == userID).all().map { $0.$topic.id })
    }

    /// One topic as a user sees it: named in their language, and whether they get it.
    struct Choice: Sendable {
        let id: UUID
        let slug: String
        let name: String
        let description: String
        let isSubscribed: Bool
    }

    /// Every topic in `language` (else English), with the user's choice: the "News" page and `GET /me/newsletters`.
    func choices(for userID: UUID, language: String) async throws -> [Choice] {
        let subscribed = try await subscribedTopicIDs(of: userID)
        return try await topics().map { topic in
            let name = topic.name(in: language)
            return Choice(id: try topic.requireID(), slug: topic.slug, name: name.name, description: name.description,
                          isSubscribed: subscribed.contains(try topic.requireID()))
        }
    }

    /// Keeps exactly the topics whose IDs a form or the API sent; text that is not a topic's ID is refused
    /// like an unknown topic, and nothing changes.
    func save(subscriptions raw: [String], for userID: UUID) async throws {
        let ids = raw.compactMap(UUID.init(uuidString:))
        guard ids.count == raw.count else { throw ValidationFailure([FieldError(field: "topics", messageKey: "error.newsletter.unknown_topic")]) }
        try await save(subscriptions: Set(ids), for: userID)
    }

    /// Keeps exactly the chosen topics; unknown topic IDs are refused and nothing changes.
    func save(subscriptions chosen: Set<UUID>, for userID: UUID) async throws {
        let known = Set(try await NewsletterTopic.query(on: db).all().compactMap(\.id))
        guard chosen.isSubset(of: known) else { throw ValidationFailure([FieldError(field: "topics", messageKey: "error.newsletter.unknown_topic")]) }
        try await db.transaction { db in
            // Two saves at once (two tabs, a double click) take turns, so the second sees what the first kept.
            try await db.lockForUpdate(User.self, id: userID)
            let current = Set(try await NewsletterSubscription.query(on: db).filter(\.$user.$id == userID).all().map { $0.$topic.id })
            let removed = current.subtracting(chosen)
            if !removed.isEmpty {
                try await NewsletterSubscription.query(on: db).filter(\.$user.$id == userID).filter(\.$topic.$id ~~ removed).delete()
            }
            for topicID in chosen.subtracting(current) { try await NewsletterSubscription(userID: userID, topicID: topicID, now: now).create(on: db) }
        }
    }

    /// One click in the mail client: that user, that topic, nothing else. Unsubscribing twice is fine.
    func isSubscribed(_ userID: UUID, to topicID: UUID) async throws -> Bool {
        try await NewsletterSubscription.query(on: db).filter(\.$user.$id == userID).filter(\.$topic.$id == topicID).count() > 0
    }

    func unsubscribe(_ token: UnsubscribeToken) async throws {
        try await NewsletterSubscription.query(on: db).filter(\.$user.$id == token.userID).filter(\.$topic.$id == token.topicID).delete()
    }

    /// How long a new topic's form sent again counts as the same request.
    static let repeatWindow: TimeInterval = 10 * 60

    /// A new topic named in at least English; the other languages fall back to it. The same form sent again a moment
    /// later (a double click, a resend; on PostgreSQL the unique slug makes a copy at the same moment wait and fail,
    /// and it is then run again) finds the topic it made, with the very names it gives: done, not "slug taken".
    func createTopic(slug: String, names: [String: (name: String, description: String)]) async throws {
        try await ConcurrentChange.retryingOnce { try await createTopicOnce(slug: slug, names: names) }
    }

    private func createTopicOnce(slug: String, names: [String: (name: String, description: String)]) async throws {
        var errors: [FieldError] = []
        if !Slug.isValid(slug) { errors.append(FieldError(field: "slug", messageKey: "error.help.slug_invalid")) }
        if (names["en"]?.name ?? "").isEmpty { errors.append(FieldError(field: "name_en", messageKey: "error.required")) }
        for (language, entry) in names.sorted(by: { $0.key < $1.key }) {
            if entry.name.count > 100 || entry.description.count > 300 {
                errors.append(FieldError(field: "name_\(language)", messageKey: "error.too_long"))
                continue
            }
            // Subscribers read both on their newsletter page: nothing that disguises them.
            for (field, text) in [("name_\(language)", entry.name), ("description_\(language)", entry.description)] {
                if let invisible = TextCharacters.invisibleCharacterError(in: text, field: field) { errors.append(invisible) }
            }
        }
        try ValidationFailure.check(errors)
        try await db.transaction { db in
            if let existing = try await NewsletterTopic.query(on: db).filter(\.$slug == slug).first() {
                let named = try await NewsletterTopicName.query(on: db).filter(\.$topic.$id == existing.requireID()).all()
                let given = names.filter { !$0.value.name.isEmpty }
                let isRepeat = now.timeIntervalSince(existing.createdAt) < Self.repeatWindow && named.count == given.count
                    && named.allSatisfy { given[$0.language]?.name == $0.name && given[$0.language]?.description == $0.description }
                if isRepeat { return }
                throw ValidationFailure([FieldError(field: "slug", messageKey: "error.newsletter.slug_taken")])
            }
            let topic = NewsletterTopic(slug: slug, now: now)
            try await topic.create(on: db)
            for (language, entry) in names where !entry.name.isEmpty {
                try await NewsletterTopicName(topicID: topic.requireID(), language: language, name: entry.name, description: entry.description).create(on: db)
            }
        }
    }

    func subscribers(of topicID: UUID) async throws -> [User] {
        try await Self.subscribers(of: topicID, on: db)
    }

    static func subscribers(of topicID: UUID, on db: any Database) async throws -> [User] {
        try await NewsletterSubscription.query(on: db).filter(\.$topic.$id == topicID).with(\.$user).all().map(\.user)
            .filter { $0.isEmailVerified && $0.disabledAt == nil }.sorted { $0.email < $1.email }
    }

    /// An issue sent, or found sent already under the same form's key.
    struct Sent: Sendable {
        let recipients: Int
        let isReplay: Bool
    }

    /// Queues one message per subscriber, in her language where staff wrote it (else the issue's fallback), each with
    /// its own one-click unsubscribe link in the language of the text. `key` is the send form's: the same form sent
    /// again — a double click, the browser resending it, a retry on another server — queues nothing more and answers
    /// the first send (`isReplay`), because the send is recorded under its key in the transaction that queues it.
    func send(topicID: UUID, issue: NewsletterIssue, key rawKey: String?, staffID: UUID?) async throws -> Sent {
        let key = try Self.validKey(rawKey)
        if let sent = try await Self.sent(key, to: topicID, on: db) { return Sent(recipients: sent.recipients, isReplay: true) }
        let secretKey = request.kontor.config.secretKey
        do {
            return try await db.transaction { db in
                // Sends of one topic take turns: a second with the same key waits here, then finds the first's record.
                try await db.lockForUpdate(NewsletterTopic.self, id: topicID)
                if let sent = try await Self.sent(key, to: topicID, on: db) { return Sent(recipients: sent.recipients, isReplay: true) }
                let recipients = try await Self.subscribers(of: topicID, on: db)
                let outbox = Outbox(database: db, now: now)
                for user in recipients {
                    let url = SiteRoute.unsubscribe(token: UnsubscribeToken(userID: try user.requireID(), topicID: topicID).signed(key: secretKey))
                        .url(base: request.kontor.config.publicURL)
                    let (language, text) = issue.text(for: Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage)
                    let footer = request.kontor.localizer.text("mail.newsletter.unsubscribe", language)
                    try await outbox.enqueue(
                        to: user.email, subject: text.subject, text: text.body + "\n\n--\n" + footer + "\n" + url + "\n", html: nil,
                        headers: ["List-Unsubscribe": "<\(url)>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Content-Language": language.rawValue])
                }
                try await NewsletterSend(topicID: topicID, key: key, recipients: recipients.count, staffID: staffID, now: now).create(on: db)
                return Sent(recipients: recipients.count, isReplay: false)
            }
        } catch where ConcurrentChange(error) == .conflict {
            // Another server recorded the same key first (the unique index); its messages are the ones queued.
            if let sent = try await Self.sent(key, to: topicID, on: db) { return Sent(recipients: sent.recipients, isReplay: true) }
            throw error
        }
    }

    /// A send form's key (`IdempotencyKey`).
    static func validKey(_ key: String?) throws -> String {
        try IdempotencyKey.validated(key, field: "idempotency_key", messageKey: "error.newsletter.send_key")
    }

    private static func sent(_ key: String, to topicID: UUID, on db: any Database) async throws -> NewsletterSend? {
        try await NewsletterSend.query(on: db).filter(\.$topic.$id == topicID).filter(\.$idempotencyKey == key).first()
    }
}
