import CMarkGFM

/// Paragraphs that are just a YouTube/Vimeo link or a video file become an embedded player.
///
/// Done on the tree: "a paragraph consisting only of one link or image" is a question about node
/// structure, and the player markup is written from scratch, never from the source URL — only a
/// validated ID (or a scheme-checked, escaped file URL) goes into it.
enum VideoEmbeds {
    /// A recognised video.
    enum Video: Equatable {
        /// `id` matches `[A-Za-z0-9_-]{6,20}`; `start` is the offset in seconds from `t=`/`start=`.
        case youTube(id: String, start: Int?)
        /// `id` is digits only.
        case vimeo(id: String)
        /// A `.mp4`/`.webm` file, already escaped for the `src` attribute.
        case file(src: String)
    }

    /// Replaces every paragraph whose only content is a video link or image with a `<figure class="video">`.
    static func apply(to paragraphs: [Node], surgery: inout Surgery) {
        for paragraph in paragraphs where surgery.isInDocument(paragraph) {
            guard let only = soleContent(of: paragraph),
                  only.type == CMARK_NODE_LINK || only.type == CMARK_NODE_IMAGE,
                  let video = video(at: only.url, isImage: only.type == CMARK_NODE_IMAGE)
            else { continue }
            let figure = CustomNode.block(enter: html(for: video, title: title(of: only)))
            surgery.replace(paragraph, with: figure)
        }
    }

    /// The paragraph's one child, or nil when it has none or several. Blank text nodes do not count:
    /// the autolink extension leaves empty ones around the link it cuts out of the text.
    private static func soleContent(of paragraph: Node) -> Node? {
        var found: Node?
        var child = paragraph.firstChild
        while let current = child {
            if !current.isBlankText {
                guard found == nil else { return nil }
                found = current
            }
            child = current.next
        }
        return found
    }

    /// The video a link or image URL points to, or nil. Links to files stay links (they are downloads).
    static func video(at url: String, isImage: Bool) -> Video? {
        if let web = WebAddress(url) {
            if let youTube = youTube(web) { return youTube }
            if let id = vimeoID(web) { return .vimeo(id: id) }
        }
        guard isImage else { return nil }
        let path = url.prefix { $0 != "?" && $0 != "#" }.lowercased()
        guard path.hasSuffix(".mp4") || path.hasSuffix(".webm"),
              let src = HTMLEscaping.attributeURL(url, for: .media)
        else { return nil }
        return .file(src: src)
    }

    /// The player markup. Every interpolated value is a validated ID, a number, or escaped.
    static func html(for video: Video, title: String?) -> String {
        let player: String
        switch video {
        case .youTube(let id, let start):
            // youtube-nocookie sets no tracking cookies until the visitor presses play.
            let query = start.map { "?start=\($0)" } ?? ""
            player = iframe(src: "https://www.youtube-nocookie.com/embed/\(id)\(query)", title: title ?? "YouTube")
        case .vimeo(let id):
            // dnt=1 is Vimeo's "do not track" switch for the player.
            player = iframe(src: "https://player.vimeo.com/video/\(id)?dnt=1", title: title ?? "Vimeo")
        case .file(let src):
            let label = title.map { " aria-label=\"\(HTMLEscaping.escape($0))\"" } ?? ""
            player = "<video controls preload=\"metadata\" src=\"\(src)\"\(label)></video>"
        }
        return "<figure class=\"video\">\(player)</figure>"
    }

    private static func iframe(src: String, title: String) -> String {
        // An explicit referrer policy: YouTube refuses to play embeds that send no referrer at all,
        // which a site-wide `Referrer-Policy: no-referrer` would otherwise cause.
        "<iframe src=\"\(src)\" title=\"\(HTMLEscaping.escape(title))\" loading=\"lazy\" allowfullscreen"
            + " referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>"
    }

    /// The accessible name: the Markdown title, else the alt/link text unless it is just the URL again.
    private static func title(of node: Node) -> String? {
        if !node.title.isEmpty { return node.title }
        let text = node.inlineText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.isEmpty || text == node.url ? nil : text
    }

    // MARK: - Recognising the URLs

    private static let youTubeHosts: Set = ["youtube.com", "m.youtube.com", "youtube-nocookie.com"]

    private static func youTube(_ web: WebAddress) -> Video? {
        let id: String?
        switch web.host {
        case "youtu.be":
            id = web.path.count == 1 ? web.path[0] : nil
        case _ where youTubeHosts.contains(web.host):
            if web.path == ["watch"] {
                id = web.query["v"]
            } else if web.path.count == 2, ["embed", "shorts", "live"].contains(web.path[0]) {
                id = web.path[1]
            } else {
                id = nil
            }
        default:
            id = nil
        }
        guard let id, isYouTubeID(id) else { return nil }
        return .youTube(id: id, start: startSeconds(web.query["t"] ?? web.query["start"]))
    }

    private static func vimeoID(_ web: WebAddress) -> String? {
        let id: String? = switch web.host {
        case "vimeo.com": web.path.count == 1 ? web.path[0] : nil
        case "player.vimeo.com": web.path.count == 2 && web.path[0] == "video" ? web.path[1] : nil
        default: nil
        }
        guard let id, (1...20).contains(id.utf8.count), id.utf8.allSatisfy(isDigit) else { return nil }
        return id
    }

    /// `[A-Za-z0-9_-]{6,20}`: nothing that could end an attribute or start a new path or query.
    static func isYouTubeID(_ id: String) -> Bool {
        (6...20).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// "90" or "90s" → 90; YouTube's "1m30s" form and anything else → no start offset.
    private static func startSeconds(_ value: String?) -> Int? {
        guard var digits = value else { return nil }
        if digits.hasSuffix("s") { digits.removeLast() }
        guard (1...6).contains(digits.utf8.count), digits.utf8.allSatisfy(isDigit) else { return nil }
        return Int(digits)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}

/// The parts of an `http(s)://` URL that video recognition looks at.
///
/// Parsed by hand so the rules are visible: a host with user info ("youtube.com@evil.example") or a
/// port is simply not recognised, and nothing from the URL except a validated ID is ever reused.
struct WebAddress {
    /// Lowercased, without a leading "www.".
    let host: String
    /// Non-empty path segments.
    let path: [String]
    /// The first value of each query parameter.
    let query: [String: String]

    init?(_ url: String) {
        let lowered = url.prefix(8).lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let withoutFragment = rest.prefix { $0 != "#" }
        let authority = withoutFragment.prefix { $0 != "/" && $0 != "?" }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(":") else { return nil }
        var host = authority.lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        self.host = host

        let afterAuthority = withoutFragment.dropFirst(authority.count)
        let pathPart = afterAuthority.prefix { $0 != "?" }
        path = pathPart.split(separator: "/").map(String.init)

        var query: [String: String] = [:]
        for pair in afterAuthority.dropFirst(pathPart.count + 1).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if query[name] == nil { query[name] = parts.count > 1 ? String(parts[1]) : "" }
        }
        self.query = query
    }
}
