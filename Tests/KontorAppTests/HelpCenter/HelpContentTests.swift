import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing

@Suite("Kontor's own help content")
struct HelpContentTests {
    let drafts = (try? BundledHelpContent.load()) ?? []

    @Test("every guide exists in Spanish and English, and the French set is complete too")
    func translations() throws {
        #expect(drafts.count >= 30)
        let bySlug = Dictionary(grouping: drafts, by: \.slug)
        for (slug, versions) in bySlug {
            let languages = Set(versions.map(\.language))
            #expect(languages.isSuperset(of: ["es", "en", "fr"]), "\(slug) only in \(languages.sorted())")
        }
    }

    @Test("every console: link names a page of the typed route enum, every article: link a guide that exists")
    func links() throws {
        let slugs = Set(drafts.map(\.slug))
        for draft in drafts {
            for link in MarkdownRenderer.render(draft.body).links {
                if link.hasPrefix("console:") {
                    #expect(SiteRoute.consoleLink(named: String(link.dropFirst("console:".count))) != nil, "\(draft.language)/\(draft.slug): \(link)")
                } else if link.hasPrefix("article:") {
                    #expect(slugs.contains(String(link.dropFirst("article:".count))), "\(draft.language)/\(draft.slug): \(link)")
                }
            }
            for related in draft.related { #expect(slugs.contains(related), "\(draft.slug) relates to missing \(related)") }
        }
    }

    @Test("a console: link to a page that does not exist is caught")
    func brokenConsoleLinkIsCaught() {
        #expect(SiteRoute.consoleLink(named: "profile") == .profile)
        #expect(SiteRoute.consoleLink(named: "no-such-page") == nil)
        let html = MarkdownRenderer.render("[open](console:no-such-page)", links: HelpLinks.resolver(language: "en")).html
        #expect(!html.contains("href"))
    }

    @Test("contexts name console pages that exist, and categories are known")
    func contextsAndCategories() {
        let pages = Set(SiteRoute.helpPages.map(\.name))
        for draft in drafts {
            #expect(Set(draft.contexts).isSubset(of: pages), "\(draft.slug): \(draft.contexts)")
            #expect(HelpCategories.slugs.contains(draft.category), "\(draft.slug): \(draft.category)")
            #expect(HelpCategories.name(draft.category, draft.language).name != draft.category)
        }
    }
}
