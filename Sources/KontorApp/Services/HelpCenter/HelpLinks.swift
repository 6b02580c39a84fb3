import KontorDomain
import KontorMarkdown

/// How help articles' special links become paths: `console:profile` through the typed route enum,
/// `article:support-code` to the same guide in the article's own language.
enum HelpLinks {
    static func resolver(language: String) -> LinkResolver {
        LinkResolver(
            console: { name in SiteRoute.consoleLink(named: name)?.path },
            article: { slug in Slug.isValid(slug) ? SiteRoute.helpArticle(language: language, slug: slug).path : nil })
    }
}
