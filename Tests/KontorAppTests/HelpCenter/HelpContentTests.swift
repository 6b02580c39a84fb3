import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing

@Suite("Kontor's own help content")
struct HelpContentTests {
    let drafts = (try? Scenario.bundledGuides.get()) ?? []

    @Test("every guide exists in all five languages, and its translations share category, related guides and pages")
    func everyGuideInEveryLanguage() throws {
        #expect(drafts.count >= 150)
        let every = Set(Language.allCases.map(\.rawValue))
        for (slug, versions) in Dictionary(grouping: drafts, by: \.slug) {
            #expect(Set(versions.map(\.language)) == every, "\(slug) only in \(versions.map(\.language).sorted())")
            // The same links between guides and console pages in every language, so no language's help panel differs.
            for version in versions {
                #expect(version.category == versions.first?.category && version.related == versions.first?.related
                        && version.contexts == versions.first?.contexts, "\(version.language)/\(slug)")
            }
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

    @Test("every console page with a help window lists at least one guide, in every language")
    func noEmptyHelpWindow() throws {
        for language in Language.allCases {
            let offered = Set(drafts.filter { $0.language == language.rawValue }.flatMap(\.contexts))
            for page in SiteRoute.helpPages.map(\.name) { #expect(offered.contains(page), "\(language.rawValue): nothing on \(page)") }
        }
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

@Suite("The help category tree")
struct HelpCategoryTreeTests {
    static func entry(_ slug: String, parent: String? = nil, position: Int) -> HelpCategories.Entry {
        HelpCategories.Entry(slug: slug, parent: parent, position: position, names: [:])
    }

    @Test("the shipped categories are the domain's, so imported guides and the file agree")
    func shippedMatchDomain() {
        #expect(HelpCategories.slugs == Set(HelpCategory.allCases.map(\.rawValue)))
    }

    @Test("children, top level and breadcrumbs follow parent links, and a cycle cannot loop")
    func tree() {
        let entries = [Self.entry("billing", position: 1), Self.entry("invoices", parent: "billing", position: 2),
                       Self.entry("qr-bills", parent: "invoices", position: 3), Self.entry("a", parent: "b", position: 4),
                       Self.entry("b", parent: "a", position: 5)]
        #expect(HelpCategories.topLevel(entries).map(\.slug) == ["billing"])
        #expect(HelpCategories.children(of: "billing", in: entries).map(\.slug) == ["invoices"])
        #expect(HelpCategories.path(to: "qr-bills", in: entries).map(\.slug) == ["billing", "invoices", "qr-bills"])
        #expect(HelpCategories.path(to: "a", in: entries).map(\.slug) == ["b", "a"])
    }
}
