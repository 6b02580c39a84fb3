import Fluent
import Foundation
import KontorDomain
import Vapor

/// Every change to help articles: import, create, save, publish, restore. Each save writes an immutable
/// revision in the same transaction, so the history is complete and a restore is just another save.
struct HelpLibrary {
    let db: any Database
    let now: Date

    /// What an import did.
    struct ImportReport: Sendable, Equatable {
        var created = 0
        var updated = 0
        var unchanged = 0
    }

    /// Creates or updates the articles (matched by slug and language); importing the same files twice changes nothing.
    /// With `publish`, each is published except those in `unpublished` (`language/slug`: files marked `status: draft`).
    /// An article not to be published that is live already keeps its live content: the file's becomes its pending
    /// changes, for an editor to publish (as an edit in the staff console would).
    func importDrafts(_ drafts: [ArticleDraft], publish: Bool, unpublished: Set<String> = [], author: StaffMember? = nil,
                      note: String = HelpRevisionNote.imported) async throws -> ImportReport {
        try await db.transaction { db in
            var report = ImportReport()
            // One query for the articles the drafts may update, not one per draft.
            let candidates = try await HelpArticle.query(on: db).filter(\.$slug ~~ Set(drafts.map(\.slug))).all()
            let existingByKey = Dictionary(candidates.map { ($0.language + "/" + $0.slug, $0) }, uniquingKeysWith: { first, _ in first })
            for draft in drafts {
                let key = draft.language + "/" + draft.slug
                let publishing = publish && !unpublished.contains(key)
                guard let existing = existingByKey[key] else {
                    let article = HelpArticle(draft: draft, status: publishing ? .published : .draft, now: now)
                    try await saveWithRevision(article, author: author, note: note, on: db)
                    report.created += 1
                    continue
                }
                if publishing {
                    guard existing.draft != draft || existing.status != .published else { report.unchanged += 1; continue }
                    existing.apply(draft, now: now)
                    markPublished(existing)
                    try await saveWithRevision(existing, author: author, note: note, on: db)
                } else if existing.status == .published {
                    guard (existing.pendingDraft ?? existing.draft) != draft else { report.unchanged += 1; continue }
                    try await stage(existing, draft, author: author, note: note, on: db)
                } else {
                    guard existing.draft != draft else { report.unchanged += 1; continue }
                    existing.apply(draft, now: now)
                    try await saveWithRevision(existing, author: author, note: note, on: db)
                }
                report.updated += 1
            }
            return report
        }
    }

    /// A new article written in the staff console; always starts as a draft.
    /// Two copies at once on PostgreSQL: the unique slug makes the second wait for the first and fail; it is then
    /// run again and finds the first's article.
    func create(_ draft: ArticleDraft, author: StaffMember) async throws -> HelpArticle {
        try HelpArticleValidation.check(draft)
        return try await ConcurrentChange.retryingOnce { try await createOnce(draft, author: author) }
    }

    private func createOnce(_ draft: ArticleDraft, author: StaffMember) async throws -> HelpArticle {
        try await db.transaction { db in
            if let existing = try await HelpArticle.query(on: db).filter(\.$slug == draft.slug).filter(\.$language == draft.language).first() {
                // The same new article sent again a moment later (a double click, a resend) is the one it made.
                if now.timeIntervalSince(existing.createdAt) < Self.repeatWindow, existing.draft == draft,
                   try await isRepeat(of: 0, existing, by: author, note: HelpRevisionNote.created, on: db) { return existing }
                throw ValidationFailure([FieldError(field: "slug", messageKey: "error.help.slug_taken")])
            }
            let article = HelpArticle(draft: draft, status: .draft, now: now)
            try await saveWithRevision(article, author: author, note: HelpRevisionNote.created, on: db)
            return article
        }
    }

    /// Saves new content. A draft takes it at once; a published article keeps its live content and holds the changes
    /// as pending until they are published (Zendesk Guide's and Document360's model): readers and the search never
    /// see half-finished edits. Either way the history gets a revision of what was saved. `baseRevision` is the
    /// revision the editor started from: another editor's save since then is a 409, never silently overwritten.
    /// Answers the article as saved.
    @discardableResult
    func save(_ article: HelpArticle, _ draft: ArticleDraft, author: StaffMember, note: String, baseRevision: Int) async throws -> HelpArticle {
        try HelpArticleValidation.check(draft)
        return try await db.transaction { db in
            let article = try await locked(article, on: db)
            // The same save sent again (a double click, a resend): the first copy's revision already holds this text.
            if try await isRepeat(of: baseRevision, article, by: author, note: nil, on: db), Self.content(of: article) == draft { return article }
            try unchanged(article, since: baseRevision, messageKey: "error.help.changed_meanwhile")
            try await stage(article, draft, author: author, note: note.isEmpty ? HelpRevisionNote.edited : note, on: db)
            return article
        }
    }

    /// Publishes the article, with its pending changes if there are any, as the editor saw it at `baseRevision`: text
    /// saved since then has not been read by whoever clicks Publish, so it is refused (409) rather than put live.
    func publish(_ article: HelpArticle, author: StaffMember, baseRevision: Int) async throws {
        try await db.transaction { db in
            let article = try await locked(article, on: db)
            // Publish clicked twice: the first click published what this one was about to.
            if article.status == .published, article.pendingDraft == nil,
               try await isRepeat(of: baseRevision, article, by: author, note: HelpRevisionNote.published, on: db) { return }
            try unchanged(article, since: baseRevision, messageKey: "error.help.publish_changed_meanwhile")
            if let pending = article.pendingDraft { article.apply(pending, now: now) }
            article.pendingDraft = nil
            markPublished(article)
            article.updatedAt = now
            try await saveWithRevision(article, author: author, note: HelpRevisionNote.published, on: db)
        }
    }

    /// Takes the article off the public help center; pending changes become its content (a draft is edited directly).
    func unpublish(_ article: HelpArticle, author: StaffMember) async throws {
        try await db.transaction { db in
            let article = try await locked(article, on: db)
            // Already off (a second click, another editor a moment before): no revision saying so again.
            guard article.status == .published else { return }
            if let pending = article.pendingDraft { article.apply(pending, now: now) }
            article.pendingDraft = nil
            article.statusValue = HelpArticleStatus.draft.rawValue
            article.updatedAt = now
            try await saveWithRevision(article, author: author, note: HelpRevisionNote.unpublished, on: db)
        }
    }

    /// Drops a published article's pending changes; the live content stays as it is.
    func discardPending(_ article: HelpArticle, author: StaffMember) async throws {
        try await db.transaction { db in
            let article = try await locked(article, on: db)
            guard article.hasPendingChanges else { return }
            article.pendingDraft = nil
            try await saveWithRevision(article, author: author, note: HelpRevisionNote.discarded, on: db)
        }
    }

    /// A draft takes `draft` now; a published article keeps it pending, with a revision of the pending content.
    private func stage(_ article: HelpArticle, _ draft: ArticleDraft, author: StaffMember?, note: String, on db: any Database) async throws {
        guard article.status == .published else {
            article.apply(draft, now: now)
            try await saveWithRevision(article, author: author, note: note, on: db)
            return
        }
        article.pendingDraft = draft == article.draft ? nil : draft
        article.revision += 1
        try await article.save(on: db)
        try await HelpArticleRevision(of: article, content: draft, status: .draft, number: article.revision, author: author, note: note, now: now)
            .create(on: db)
    }

    /// Brings back the title, summary and body of revision `number` as a new revision.
    func restore(_ article: HelpArticle, revision number: Int, author: StaffMember) async throws {
        try await db.transaction { db in
            let article = try await locked(article, on: db)
            guard let old = try await HelpArticleRevision.query(on: db).filter(\.$article.$id == article.requireID())
                .filter(\.$number == number).first() else { throw AppError.notFound }
            var draft = article.pendingDraft ?? article.draft
            draft.title = old.title
            draft.summary = old.summary
            draft.body = old.body
            // Restored already (a second click): the history gets no second revision of the same text.
            guard draft != Self.content(of: article) else { return }
            // Like an edit: a published article shows the restored text once it is published.
            try await stage(article, draft, author: author, note: HelpRevisionNote.restored(number), on: db)
        }
    }

    /// How long a new article's form sent again counts as the same request rather than as a second article.
    static let repeatWindow: TimeInterval = 10 * 60

    /// What the editor works on: a published article's pending changes, or its content.
    private static func content(of article: HelpArticle) -> ArticleDraft { article.pendingDraft ?? article.draft }

    /// Whether the article's one change since `baseRevision` is `author`'s (with `note`, when given): then a copy of
    /// the same request finding it is a repeat of it, not another editor's change it has not seen.
    private func isRepeat(of baseRevision: Int, _ article: HelpArticle, by author: StaffMember, note: String?, on db: any Database) async throws -> Bool {
        guard article.revision == baseRevision + 1, let authorID = author.id,
              let last = try await HelpArticleRevision.query(on: db).filter(\.$article.$id == article.requireID())
                .filter(\.$number == article.revision).first() else { return false }
        return last.staffMemberID == authorID && (note == nil || last.note == note)
    }

    /// The article as it is now, under its row lock: two editors saving, publishing or discarding at once take turns,
    /// each working on what the other left (their revisions get consecutive numbers; the history keeps both texts),
    /// instead of both numbering a revision from the same stale row.
    private func locked(_ article: HelpArticle, on db: any Database) async throws -> HelpArticle {
        let id = try article.requireID()
        try await db.lockForUpdate(HelpArticle.self, id: id)
        guard let current = try await HelpArticle.find(id, on: db) else { throw AppError.notFound }
        return current
    }

    /// Compared under the row lock, so of two changes from the same revision exactly one goes through.
    private func unchanged(_ article: HelpArticle, since baseRevision: Int, messageKey: String) throws {
        guard article.revision == baseRevision else {
            throw AppError.conflict(messageKey: messageKey, arguments: ["revision": String(article.revision)])
        }
    }

    private func markPublished(_ article: HelpArticle) {
        article.statusValue = HelpArticleStatus.published.rawValue
        if article.publishedAt == nil { article.publishedAt = now }
    }

    private func saveWithRevision(_ article: HelpArticle, author: StaffMember?, note: String, on db: any Database) async throws {
        article.revision += 1
        try await article.save(on: db)
        try await HelpArticleRevision(of: article, number: article.revision, author: author, note: note, now: now).create(on: db)
    }
}

/// The notes Kontor itself writes into an article's history: catalog keys (with an argument after ":"), so the
/// history reads in each editor's language; what an editor types is kept as typed.
enum HelpRevisionNote {
    static let imported = "help.revision.imported"
    static let created = "help.revision.created"
    static let edited = "help.revision.edited"
    static let published = "help.revision.published"
    static let unpublished = "help.revision.unpublished"
    static let discarded = "help.revision.discarded"
    static func restored(_ number: Int) -> String { "help.revision.restored:\(number)" }

    /// The note as the reader should see it.
    static func display(_ note: String, localizer: Localizer, language: Language) -> String {
        let parts = note.split(separator: ":", maxSplits: 1).map(String.init)
        guard let key = parts.first, key.hasPrefix("help.revision."), localizer.has(key) else { return note }
        return localizer.text(key, language, ["number": parts.count > 1 ? parts[1] : ""])
    }
}
