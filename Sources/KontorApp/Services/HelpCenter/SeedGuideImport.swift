import Fluent
import Foundation
import KontorDomain
import KontorSearch

/// `kontor help-import-seed` and the demo's seed: another provider's knowledge-base page becomes this help center's
/// guides (issue 11 §3). Each guide is rewritten for this console (`SeedAdaptation`: the provider's name, `console:`
/// links instead of "haga clic aquí"); a guide whose topic a published guide already covers (`SameTopicGuides`) is
/// imported as a draft related to that guide, for an editor; the others are published. Related links of published
/// guides never point at such a draft: they point at the guide it duplicates.
struct SeedGuideImport {
    let db: any Database
    let now: Date
    let providerName: String

    struct Report: Sendable, Equatable {
        var published: [String] = []
        /// Imported slug → the published guide it duplicates.
        var drafts: [String: String] = [:]
    }

    func run(_ text: String) async throws -> Report {
        let drafts = SeedGuideImporter.importGuides(from: text, adaptingTo: SeedAdaptation(providerName: providerName))
        return try await db.transaction { db in
            let published = try await HelpArticle.query(on: db).filter(\.$statusValue == HelpArticleStatus.published.rawValue).all().map(\.draft)
            let others = published.filter { own in !drafts.contains { $0.slug == own.slug && $0.language == own.language } }
            let same = SameTopicGuides.match(drafts.map(\.topicGuide), against: others.map(\.topicGuide))
            var report = Report()
            var toPublish: [ArticleDraft] = [], toDraft: [ArticleDraft] = []
            for var draft in drafts {
                var related: [String] = []
                for slug in draft.related {
                    let target = same[slug] ?? slug
                    if !related.contains(target) { related.append(target) }
                }
                if let covered = same[draft.slug] {
                    draft.related = [covered] + related.filter { $0 != covered }
                    toDraft.append(draft)
                    report.drafts[draft.slug] = covered
                } else {
                    draft.related = related
                    toPublish.append(draft)
                    report.published.append(draft.slug)
                }
            }
            let library = HelpLibrary(db: db, now: now)
            _ = try await library.importDrafts(toPublish, publish: true)
            _ = try await library.importDrafts(toDraft, publish: false)
            return report
        }
    }
}

private extension ArticleDraft {
    var topicGuide: TopicGuide { TopicGuide(slug: slug, language: language, title: title, summary: summary, tags: tags) }
}
