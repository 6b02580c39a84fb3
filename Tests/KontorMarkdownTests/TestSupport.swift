import Foundation
@testable import KontorMarkdown

/// The app's routes as far as these tests are concerned: one console page and one article.
let testLinks = LinkResolver(
    console: { $0 == "profile/security" ? "/profile/security" : nil },
    article: { $0 == "disable-2fa" ? "/help/es/disable-2fa" : nil }
)

/// Renders with the test resolver.
func render(_ markdown: String) -> MarkdownDocument {
    MarkdownRenderer.render(markdown, links: testLinks)
}

/// Renders and returns only the HTML, for tests that are about markup.
func html(_ markdown: String) -> String {
    render(markdown).html
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
