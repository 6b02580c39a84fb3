/// Resolves the app's own link schemes, `console:` and `article:`, to URLs the browser can follow.
///
/// The renderer knows nothing about routes or article slugs, so the app injects that knowledge here.
public struct LinkResolver: Sendable {
    /// Given the part after `console:` (for `console:profile/security` it receives `profile/security`),
    /// returns the page's URL (e.g. `/profile/security`), or nil when there is no such console page.
    public var console: @Sendable (String) -> String?
    /// Given the part after `article:` (for `article:disable-2fa` it receives `disable-2fa`),
    /// returns the article's URL (e.g. `/help/es/disable-2fa`), or nil when there is no such article.
    public var article: @Sendable (String) -> String?

    /// Creates a resolver from the two lookups.
    public init(
        console: @escaping @Sendable (String) -> String?,
        article: @escaping @Sendable (String) -> String?
    ) {
        self.console = console
        self.article = article
    }

    /// A resolver that resolves nothing: every `console:` and `article:` link renders as plain text.
    public static let none = LinkResolver(console: { _ in nil }, article: { _ in nil })
}
