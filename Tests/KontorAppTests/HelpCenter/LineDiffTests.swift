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

    @Test("two long texts that differ everywhere are shown as replaced, not compared line against line")
    func boundedWork() {
        let old = (0..<20_000).map { "old line \($0)" }.joined(separator: "\n")
        let new = "kept first\n" + (0..<20_000).map { "new line \($0)" }.joined(separator: "\n")
        let changes = LineDiff.compare("kept first\n" + old, new)
        #expect(changes.first == .same("kept first"))
        #expect(changes.filter { if case .removed = $0 { true } else { false } }.count == 20_000)
        #expect(changes.filter { if case .added = $0 { true } else { false } }.count == 20_000)
    }
}
