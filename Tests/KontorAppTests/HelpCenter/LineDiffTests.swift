@testable import KontorApp
import Testing

@Suite("The revision page's line diff: what changed, in bounded time")
struct LineDiffTests {
    @Test("a changed line in the middle is one removal and one addition between unchanged lines")
    func smallEdit() {
        let changes = LineDiff.compare("a\nb\nc\nd", "a\nb\nX\nd")
        #expect(changes == [.same("a"), .same("b"), .removed("c"), .added("X"), .same("d")])
        #expect(LineDiff.compare("a\nb", "a\nb") == [.same("a"), .same("b")])
        #expect(LineDiff.compare("", "new") == [.removed(""), .added("new")])
        #expect(LineDiff.compare("a\nb", "a\nb\nc") == [.same("a"), .same("b"), .added("c")])
    }

    @Test("two long texts that differ almost everywhere are shown as replaced, not compared line against line")
    func boundedWork() {
        // A line both middles share would be kept as unchanged by a full comparison (quadratic work on texts this
        // size); beyond the limit the middle is shown replaced whole, that line included.
        let old = (0..<3_000).map { "old line \($0)" } + ["shared middle"] + (0..<3_000).map { "old tail \($0)" }
        let new = (0..<3_000).map { "new line \($0)" } + ["shared middle"] + (0..<3_000).map { "new tail \($0)" }
        let changes = LineDiff.compare("kept first\n" + old.joined(separator: "\n"), "kept first\n" + new.joined(separator: "\n"))
        #expect(changes.first == .same("kept first"))
        #expect(!changes.contains(.same("shared middle")) && changes.contains(.removed("shared middle")) && changes.contains(.added("shared middle")))
        #expect(changes.count == 1 + old.count + new.count)
        // Below the limit the shared line is found.
        #expect(LineDiff.compare("a\nshared\nb", "c\nshared\nd").contains(.same("shared")))
    }
}
