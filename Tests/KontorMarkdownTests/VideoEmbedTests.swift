import Testing
@testable import KontorMarkdown

@Suite("Embedded videos")
struct VideoEmbedTests {
    private static let youTubePlayer = """
        <figure class="video"><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Cómo migrar" \
        loading="lazy" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe></figure>

        """

    @Test("A paragraph that is only a YouTube link becomes a privacy-friendly player", arguments: [
        "[Cómo migrar](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
        "[Cómo migrar](https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ)",
        "[Cómo migrar](https://youtu.be/dQw4w9WgXcQ)",
        "[Cómo migrar](https://m.youtube.com/shorts/dQw4w9WgXcQ)",
        "![Cómo migrar](https://youtu.be/dQw4w9WgXcQ)",
        "[Cómo migrar](http://youtu.be/dQw4w9WgXcQ#comentarios)",
    ])
    func youTube(markdown: String) {
        #expect(html(markdown) == Self.youTubePlayer)
    }

    @Test("A bare YouTube URL on its own line is embedded, titled after the service")
    func bareYouTubeURL() {
        #expect(html("https://youtu.be/dQw4w9WgXcQ").contains(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"YouTube\" loading=\"lazy\" allowfullscreen"))
    }

    @Test("A start time in seconds is kept")
    func startTime() {
        #expect(html("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s").contains("/embed/dQw4w9WgXcQ?start=90\""))
        #expect(html("https://youtu.be/dQw4w9WgXcQ?t=1m30s").contains("/embed/dQw4w9WgXcQ\""))
    }

    @Test("Vimeo links and images become a Vimeo player", arguments: [
        "[Demo](https://vimeo.com/76979871)", "![Demo](https://www.vimeo.com/76979871/)",
        "[Demo](https://player.vimeo.com/video/76979871)",
    ])
    func vimeo(markdown: String) {
        #expect(html(markdown) == """
            <figure class="video"><iframe src="https://player.vimeo.com/video/76979871?dnt=1" title="Demo" \
            loading="lazy" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe></figure>

            """)
    }

    @Test("An image of an .mp4 or .webm file becomes a <video> with controls")
    func videoFiles() {
        #expect(html("![Alta de dominio](/media/alta.mp4)") == """
            <figure class="video"><video controls preload="metadata" src="/media/alta.mp4" aria-label="Alta de dominio"></video></figure>

            """)
        #expect(html("![](https://cdn.kontor.example/v/alta.WEBM?v=2)")
            .contains("<video controls preload=\"metadata\" src=\"https://cdn.kontor.example/v/alta.WEBM?v=2\"></video>"))
    }

    @Test("Not embedded: a video link inside a sentence, a link to a video file, other sites")
    func notEmbedded() {
        #expect(!html("Vea [el vídeo](https://youtu.be/dQw4w9WgXcQ) antes.").contains("<figure"))
        #expect(html("[Descargar](/media/alta.mp4)") == "<p><a href=\"/media/alta.mp4\">Descargar</a></p>\n")
        #expect(!html("https://www.youtube.com/channel/UC1234567").contains("<figure"))
        #expect(!html("https://notyoutube.com/watch?v=dQw4w9WgXcQ").contains("<figure"))
        #expect(!html("https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ").contains("<iframe"))
    }

    @Test("Malicious or malformed video IDs never reach the player", arguments: [
        "https://youtu.be/abc\"onload=\"alert(1)",
        "[x](https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onload=\"alert(1))",
        "[x](https://www.youtube.com/watch?v=%22%3E%3Cscript%3E)",
        "[x](<https://www.youtube.com/watch?v=dQw4w9WgXcQ\" onload=\"alert(1)>)",
        "[x](https://youtu.be/short)",
        "[x](https://youtu.be/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)",
        "[x](https://youtu.be/dQw4w9WgXcQ/../../evil)",
        "[x](https://vimeo.com/123abc)",
        "[x](https://vimeo.com/123%22onload=%22x)",
        "![x](javascript:alert(1)//.mp4)",
        "![x](data:text/html,<script>alert(1)</script>.mp4)",
    ])
    func maliciousIDs(markdown: String) {
        let output = html(markdown)
        #expect(!output.contains("<iframe"))
        #expect(!output.contains("<video"))
        #expect(!output.contains("onload=\""))
        #expect(!output.contains("<script"))
        #expect(!output.contains("javascript:"))
    }

    @Test("The player title is escaped")
    func titleEscaped() {
        #expect(html("[Un \"vídeo\" <b>](https://youtu.be/dQw4w9WgXcQ)").contains("title=\"Un &quot;vídeo&quot;\""))
        #expect(html("[x](https://youtu.be/dQw4w9WgXcQ \"a\\\" onload=\\\"b\")").contains("title=\"a&quot; onload=&quot;b\""))
    }

    @Test("Recognising URLs: IDs are validated by shape")
    func recognition() {
        #expect(VideoEmbeds.video(at: "https://youtu.be/dQw4w9WgXcQ", isImage: false) == .youTube(id: "dQw4w9WgXcQ", start: nil))
        #expect(VideoEmbeds.video(at: "https://vimeo.com/1", isImage: true) == .vimeo(id: "1"))
        #expect(VideoEmbeds.video(at: "/a.mp4", isImage: false) == nil)
        #expect(VideoEmbeds.isYouTubeID("A-b_C9z"))
        #expect(!VideoEmbeds.isYouTubeID("abc de"))
        #expect(!VideoEmbeds.isYouTubeID("abcdé1"))
    }

    @Test("Video sources are still listed for link checking")
    func listed() {
        let document = render("[Demo](https://youtu.be/dQw4w9WgXcQ)\n\n![Clip](/media/alta.mp4)")
        #expect(document.links == ["https://youtu.be/dQw4w9WgXcQ"])
        #expect(document.images == ["/media/alta.mp4"])
    }
}
