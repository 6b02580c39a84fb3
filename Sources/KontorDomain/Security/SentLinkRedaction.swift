/// A sent e-mail's text without the secrets of its links: password resets, address confirmations, invitations and
/// unlock links are single use, and the database stores only their hashes, yet the outbox kept every one in plain
/// text for 90 days after sending, for anyone who reads the database or a backup (security probe round 6). Once a
/// message is out, each link's secret is replaced; the rest of the text stays for "did you send it?".
///
/// A secret is a run of at least `minimumSecretLength` URL-safe base64 characters (`SecretToken` makes 43) within a
/// link's path or query; ids (36-character UUIDs with hyphens, invoice numbers) are shorter and stay.
public enum SentLinkRedaction {
    public static let minimumSecretLength = 40
    public static let replacement = "[removed-after-sending]"

    /// `text` with every link secret replaced, or nil when it holds none (nothing to write back).
    public static func redacted(_ text: String) -> String? {
        var output = ""
        var changed = false
        var rest = Substring(text)
        while let start = rest.range(of: "http") {
            output += rest[rest.startIndex..<start.lowerBound]
            let url = rest[start.lowerBound...].prefix { !$0.isWhitespace && !"\"'<>".contains($0) }
            let cleaned = redactedLink(url)
            if cleaned != url { changed = true }
            output += cleaned
            rest = rest[url.endIndex...]
        }
        output += rest
        return changed ? output : nil
    }

    private static func redactedLink(_ url: Substring) -> Substring {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return url }
        var result = ""
        var run = ""
        func flush() {
            result += run.count >= minimumSecretLength ? replacement : run
            run = ""
        }
        for character in url {
            if character.isASCII, character.isLetter || character.isNumber || character == "-" || character == "_" {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return Substring(result)
    }
}
