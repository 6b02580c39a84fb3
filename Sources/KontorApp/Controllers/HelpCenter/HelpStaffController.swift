import Fluent
import Foundation
import KontorDomain
import KontorMarkdown
import Vapor

/// Where editors write the help center: the article list with missing translations, the editor with a
/// live preview, publishing, and the revision history with diff and restore.
struct HelpStaffController {
    struct ArticleForm: Content {
        var slug: String?
        var language: String?
        var kind: String?
        var category: String?
        var title: String?
        var summary: String?
        var body: String?
        var tags: String?
        var keywords: String?
        var related: String?
        var contexts: String?
        var note: String?
        /// The revision the editor page was shown at (a hidden field), so a save in between is noticed.
        var base_revision: String?

        /// The form as an article draft; list fields are comma-separated.
        func draft(slug fixedSlug: String? = nil, language fixedLanguage: String? = nil) -> ArticleDraft {
            func list(_ text: String?) -> [String] {
                (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            }
            return ArticleDraft(
                slug: fixedSlug ?? (slug ?? "").trimmingCharacters(in: .whitespaces).lowercased(),
                language: fixedLanguage ?? (language ?? ""), kind: ArticleKind(rawValue: kind ?? "") ?? .guide,
                title: (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                summary: (summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                body: (body ?? "").replacingOccurrences(of: "\r\n", with: "\n"), category: category ?? "",
                tags: list(tags), keywords: list(keywords), related: list(related), contexts: list(contexts))
        }
    }

    /// The largest article form: an article at its limit written as `%XX` throughout (what form encoding does to every
    /// byte of a non-ASCII letter), plus room for the other fields.
    static let maximumForm = 3 * ArticleFile.bodyByteLimit + 64 * 1024

    /// Whether `path` receives an article's Markdown (new, save, preview), and so takes `maximumForm`.
    static func takesArticleForm(path: String) -> Bool {
        path == SiteRoute.staffHelpPreview.path || path == SiteRoute.staffHelpNewArticle.path
            || (path.hasPrefix("/staff/help/articles/") && path.split(separator: "/").count == 4)
    }

    func register(_ editors: any RoutesBuilder) {
        let articleForm = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: Self.maximumForm))
        editors.get(.staffHelp, use: index)
        editors.get(.staffHelpNewArticle, use: newArticle)
        editors.on(.POST, .staffHelpNewArticle, body: articleForm, use: create)
        editors.get(.staffHelpArticle(SiteRoute.anyID), use: edit)
        editors.on(.POST, .staffHelpArticle(SiteRoute.anyID), body: articleForm, use: save)
        editors.post(.staffHelpPublish(SiteRoute.anyID), use: publish)
        editors.post(.staffHelpUnpublish(SiteRoute.anyID), use: unpublish)
        editors.post(.staffHelpDiscard(SiteRoute.anyID), use: discard)
        editors.get(.staffHelpRevisions(SiteRoute.anyID), use: revisions)
        editors.get(.staffHelpRevision(SiteRoute.anyID, number: 0), use: revision)
        editors.post(.staffHelpRestore(SiteRoute.anyID, number: 0), use: restore)
        editors.on(.POST, .staffHelpPreview, body: articleForm, use: preview)
    }

    func index(_ request: Request) async throws -> View {
        let articles = try await HelpArticle.query(on: request.db).sort(\.$slug).sort(\.$language).all()
        let bySlug = Dictionary(grouping: articles, by: \.slug)
        let missing = bySlug.keys.sorted().compactMap { slug -> StaffHelpIndexPage.Missing? in
            let have = Set(bySlug[slug, default: []].map(\.language))
            let lacking = Language.allCases.map(\.rawValue).filter { !have.contains($0) }
            guard !lacking.isEmpty, let any = bySlug[slug]?.first else { return nil }
            return .init(slug: slug, title: any.title, missingLanguages: lacking,
                         translatePaths: lacking.map { .init(label: $0, path: SiteRoute.staffHelpNewArticle.path + "?slug=\(slug)&language=\($0)&from=\(any.id!.uuidString)") })
        }
        return try await request.view.render("HelpCenter/StaffIndex", StaffHelpIndexPage(
            layout: await request.layout(title: request.t("staff.help.title")),
            articles: articles.map { article in
                .init(title: article.title, slug: article.slug, language: article.language,
                      status: request.t("help.status.\(article.statusValue)") + (article.hasPendingChanges ? " · " + request.t("staff.help.pending_short") : ""),
                      isPublished: article.status == .published, revision: article.revision, updatedAt: article.updatedAt,
                      editPath: SiteRoute.staffHelpArticle(article.id!).path, viewCount: article.viewCount)
            },
            missing: missing, newPath: SiteRoute.staffHelpNewArticle.path,
            analyticsPath: SiteRoute.staffHelpAnalytics.path, synonymsPath: SiteRoute.staffHelpSynonyms.path))
    }

    func newArticle(_ request: Request) async throws -> View {
        // "Translate": a new language version starts from the text of an existing one.
        var values = ["kind": ArticleKind.guide.rawValue, "language": request.query[String.self, at: "language"] ?? "es",
                      "slug": request.query[String.self, at: "slug"] ?? "", "category": HelpCategory.gettingStarted.rawValue]
        if let from = request.query[UUID.self, at: "from"], let source = try await HelpArticle.find(from, on: request.db) {
            values.merge(Self.values(of: source.draft)) { _, source in source }
            values["language"] = request.query[String.self, at: "language"] ?? source.language
        }
        return try await renderEditor(request, form: FormState(values: values), article: nil)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ArticleForm.self)
        let draft = form.draft()
        do {
            let article = try await HelpLibrary(db: request.db, now: request.now).create(draft, author: try request.staff().staff)
            await request.kontor.helpSearch.invalidate()
            return request.redirect(to: .staffHelpArticle(article.id!), notice: "help_saved")
        } catch let failure as ValidationFailure {
            return try await renderEditor(request, form: FormState(failure: failure, values: Self.values(of: draft), request: request), article: nil)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func edit(_ request: Request) async throws -> View {
        let article = try await Self.article(request)
        // A published article's pending changes are what the editor continues from.
        return try await renderEditor(request, form: FormState(values: Self.values(of: article.pendingDraft ?? article.draft)), article: article)
    }

    /// Saves the editor's form. Another editor's save since the page was shown is a 409 on the editor page, with
    /// everything typed still in the form, now based on the article as it is: saving again is then a choice.
    func save(_ request: Request) async throws -> Response {
        let article = try await Self.article(request)
        let form = try request.content.decode(ArticleForm.self)
        let draft = form.draft(slug: article.slug, language: article.language)
        let base = form.base_revision.flatMap { Int($0) }
        var typed = Self.values(of: draft)
        typed["note"] = form.note ?? ""
        do {
            guard let base else { throw ValidationFailure([FieldError(field: "base_revision", messageKey: "error.required")]) }
            let saved = try await HelpLibrary(db: request.db, now: request.now).save(article, draft, author: try request.staff().staff,
                                                                                   note: form.note ?? "", baseRevision: base)
            await request.kontor.helpSearch.invalidate()
            return request.redirect(to: .staffHelpArticle(article.id!), notice: saved.hasPendingChanges ? "help_saved_pending" : "help_saved")
        } catch let failure as ValidationFailure {
            // Still based on the revision the editor started from: a save in between is noticed at the next try.
            return try await renderEditor(request, form: FormState(failure: failure, values: typed, request: request), article: article, baseRevision: base)
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch AppError.conflict(let key, let arguments) {
            return try await renderEditor(request, form: FormState(message: request.t(key, arguments), values: typed), article: try await Self.article(request))
                .encodeResponse(status: .conflict, for: request)
        }
    }

    /// Publishes what the editor page showed: anything saved since is a 409 on the editor page, which then shows what
    /// Publish would put live, to be read before publishing again.
    func publish(_ request: Request) async throws -> Response {
        struct PublishForm: Content { var base_revision: String? }
        let article = try await Self.article(request)
        guard let base = try request.content.decode(PublishForm.self).base_revision.flatMap({ Int($0) }) else {
            throw ValidationFailure([FieldError(field: "base_revision", messageKey: "error.required")])
        }
        do {
            try await HelpLibrary(db: request.db, now: request.now).publish(article, author: try request.staff().staff, baseRevision: base)
        } catch AppError.conflict(let key, let arguments) {
            let current = try await Self.article(request)
            return try await renderEditor(request, form: FormState(message: request.t(key, arguments), values: Self.values(of: current.pendingDraft ?? current.draft)),
                                          article: current).encodeResponse(status: .conflict, for: request)
        }
        await request.kontor.helpSearch.invalidate()
        return request.redirect(to: .staffHelpArticle(article.id!), notice: "help_published")
    }

    /// Drops the pending changes of a published article; readers never saw them.
    func discard(_ request: Request) async throws -> Response {
        let article = try await Self.article(request)
        try await HelpLibrary(db: request.db, now: request.now).discardPending(article, author: try request.staff().staff)
        return request.redirect(to: .staffHelpArticle(article.id!), notice: "help_discarded")
    }

    func unpublish(_ request: Request) async throws -> Response {
        let article = try await Self.article(request)
        try await HelpLibrary(db: request.db, now: request.now).unpublish(article, author: try request.staff().staff)
        await request.kontor.helpSearch.invalidate()
        return request.redirect(to: .staffHelpArticle(article.id!), notice: "help_unpublished")
    }

    func revisions(_ request: Request) async throws -> View {
        let article = try await Self.article(request)
        let rows = try await HelpArticleRevision.query(on: request.db).filter(\.$article.$id == article.id!).sort(\.$number, .descending).all()
        return try await request.view.render("HelpCenter/StaffRevisions", StaffHelpRevisionsPage(
            layout: await request.layout(title: request.t("staff.help.revisions")), title: article.title,
            editPath: SiteRoute.staffHelpArticle(article.id!).path,
            revisions: rows.map { .init(number: $0.number, author: $0.staffMemberID == nil ? request.t("staff.help.author_import") : $0.authorName,
                                        note: HelpRevisionNote.display($0.note, localizer: request.kontor.localizer, language: request.language),
                                        createdAt: $0.createdAt,
                                        path: SiteRoute.staffHelpRevision(article.id!, number: $0.number).path,
                                        isCurrent: $0.number == article.revision) }))
    }

    func revision(_ request: Request) async throws -> View {
        let article = try await Self.article(request)
        guard let number = request.parameters.get("number", as: Int.self),
              let old = try await HelpArticleRevision.query(on: request.db).filter(\.$article.$id == article.id!).filter(\.$number == number).first()
        else { throw AppError.notFound }
        let diff = LineDiff.compare(old.body, article.body).map { change -> StaffHelpRevisionPage.Line in
            switch change {
            case .same(let text): .init(kind: "same", text: text)
            case .added(let text): .init(kind: "added", text: text)
            case .removed(let text): .init(kind: "removed", text: text)
            }
        }
        return try await request.view.render("HelpCenter/StaffRevision", StaffHelpRevisionPage(
            layout: await request.layout(title: request.t("staff.help.revision", ["number": String(number)])), title: article.title,
            number: number, current: article.revision,
            author: old.staffMemberID == nil ? request.t("staff.help.author_import") : old.authorName, createdAt: old.createdAt,
            titleChanged: old.title != article.title, oldTitle: old.title, diff: diff,
            restoreAction: SiteRoute.staffHelpRestore(article.id!, number: number).path,
            revisionsPath: SiteRoute.staffHelpRevisions(article.id!).path))
    }

    func restore(_ request: Request) async throws -> Response {
        let article = try await Self.article(request)
        guard let number = request.parameters.get("number", as: Int.self) else { throw AppError.notFound }
        try await HelpLibrary(db: request.db, now: request.now).restore(article, revision: number, author: try request.staff().staff)
        await request.kontor.helpSearch.invalidate()
        return request.redirect(to: .staffHelpArticle(article.id!), notice: "help_restored")
    }

    /// The live preview: the editor's script posts the Markdown and shows the HTML the public page will show.
    func preview(_ request: Request) async throws -> Response {
        struct PreviewForm: Content { var body: String?; var language: String? }
        let form = try request.content.decode(PreviewForm.self)
        let body = form.body ?? ""
        guard body.utf8.count <= ArticleFile.bodyByteLimit else {
            throw ValidationFailure([FieldError(field: "body", messageKey: "error.help.body_too_large")])
        }
        let html = MarkdownRenderer.render(body, links: HelpLinks.resolver(language: form.language ?? "en")).html
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: html))
    }

    /// The editor; its forms carry `baseRevision` (default: the article's revision now) as the revision they start from.
    private func renderEditor(_ request: Request, form: FormState, article: HelpArticle?, baseRevision: Int? = nil) async throws -> View {
        let values = form.values
        let id = article?.id
        return try await request.view.render("HelpCenter/StaffEditor", StaffHelpEditorPage(
            layout: await request.layout(title: article?.title ?? request.t("staff.help.new")),
            heading: article.map { "\($0.title) (\($0.language))" } ?? request.t("staff.help.new"), form: form,
            action: id.map { SiteRoute.staffHelpArticle($0).path } ?? SiteRoute.staffHelpNewArticle.path, isNew: article == nil,
            baseRevision: baseRevision ?? article?.revision,
            kinds: ArticleKind.allCases.map { .init(value: $0.rawValue, label: request.t("help.kind.\($0.rawValue)"), isSelected: values["kind"] == $0.rawValue) },
            categories: HelpCategories.all.map { .init(value: $0.slug, label: HelpCategories.name($0.slug, request.language.rawValue).name, isSelected: values["category"] == $0.slug) },
            languages: Language.allCases.map { .init(value: $0.rawValue, label: $0.nativeName, isSelected: values["language"] == $0.rawValue) },
            previewAction: SiteRoute.staffHelpPreview.path,
            previewHTML: MarkdownRenderer.render(values["body"] ?? "", links: HelpLinks.resolver(language: values["language"] ?? "en")).html,
            status: article.map { request.t("help.status.\($0.statusValue)") },
            hasPendingChanges: article?.hasPendingChanges ?? false,
            discardPath: article.flatMap { $0.hasPendingChanges ? SiteRoute.staffHelpDiscard($0.id!).path : nil },
            publishPath: article.flatMap { $0.status == .draft || $0.hasPendingChanges ? SiteRoute.staffHelpPublish($0.id!).path : nil },
            unpublishPath: article.flatMap { $0.status == .published ? SiteRoute.staffHelpUnpublish($0.id!).path : nil },
            revisionsPath: id.map { SiteRoute.staffHelpRevisions($0).path },
            publicPath: article.flatMap { $0.status == .published ? SiteRoute.helpArticle(language: $0.language, slug: $0.slug).path : nil }))
    }

    private static func article(_ request: Request) async throws -> HelpArticle {
        guard let article = try await HelpArticle.find(try request.id("articleID"), on: request.db) else { throw AppError.notFound }
        return article
    }

    private static func values(of draft: ArticleDraft) -> [String: String] {
        ["slug": draft.slug, "language": draft.language, "kind": draft.kind.rawValue, "category": draft.category,
         "title": draft.title, "summary": draft.summary, "body": draft.body, "tags": draft.tags.joined(separator: ", "),
         "keywords": draft.keywords.joined(separator: ", "),
         "related": draft.related.joined(separator: ", "), "contexts": draft.contexts.joined(separator: ", ")]
    }
}
