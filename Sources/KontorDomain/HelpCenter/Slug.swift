/// URL names for articles: lowercase ASCII words joined by hyphens, stable across edits of punctuation.
public enum Slug {
    /// The longest slug `make` produces; long enough for a title, short enough for a readable URL.
    public static let preferredLength = 60
    /// The longest slug an article file may declare.
    public static let maximumLength = 80

    /// Turns a title into a slug: accents folded, non-alphanumerics become `-`, cut at a word boundary.
    public static func make(_ text: String) -> String {
        var slug = ""
        for word in TextFolding.words(text) {
            let candidate = slug.isEmpty ? word : slug + "-" + word
            guard candidate.count <= preferredLength else {
                // A single over-long first word is cut rather than dropped, so the slug is never empty.
                if slug.isEmpty { slug = String(word.prefix(preferredLength)) }
                break
            }
            slug = candidate
        }
        return slug
    }

    /// Whether `text` matches `[a-z0-9-]{1,80}`, the form article files and links may use.
    public static func isValid(_ text: String) -> Bool {
        (1...maximumLength).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
