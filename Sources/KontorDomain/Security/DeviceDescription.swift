/// A browser's `User-Agent` said the way people say it: "Firefox on Windows", "Safari on iPhone" (issue 11 §4: the
/// security log and the sessions list showed the raw header). Only the browser family and the platform are named —
/// versions change every month and say nothing to a customer checking whether a sign-in was hers.
///
/// Written here rather than taken from a library: the Swift ecosystem has no maintained user-agent parser, and
/// uap-core's 1,000 regular expressions would answer questions (device models, versions) nobody here asks.
public struct DeviceDescription: Equatable, Sendable {
    public let browser: String?
    public let platform: String?

    public init(browser: String?, platform: String?) {
        self.browser = browser
        self.platform = platform
    }

    public init(userAgent: String) {
        browser = Self.first(in: userAgent, of: Self.browsers)
        platform = Self.first(in: userAgent, of: Self.platforms)
    }

    /// Tokens in the order they must be tried: Edge and Opera also say "Chrome", Chrome also says "Safari", every
    /// iPhone also says "Mac OS X", Android also says "Linux".
    private static let browsers: [(tokens: [String], name: String)] = [
        (["Edg/", "EdgA/", "EdgiOS/"], "Edge"), (["OPR/", "Opera"], "Opera"), (["SamsungBrowser/"], "Samsung Internet"),
        (["Firefox/", "FxiOS/"], "Firefox"), (["CriOS/", "Chrome/"], "Chrome"), (["Chromium/"], "Chromium"),
        (["Version/"], "Safari"), (["curl/"], "curl"), (["python-requests/", "Python-urllib/"], "Python"),
    ]
    private static let platforms: [(tokens: [String], name: String)] = [
        (["Windows"], "Windows"), (["iPhone"], "iPhone"), (["iPad"], "iPad"), (["Android"], "Android"),
        (["CrOS"], "ChromeOS"), (["Macintosh", "Mac OS X"], "macOS"), (["Linux", "X11"], "Linux"),
    ]

    private static func first(in userAgent: String, of table: [(tokens: [String], name: String)]) -> String? {
        table.first { entry in entry.tokens.contains { userAgent.contains($0) } }?.name
    }
}
