import Foundation
import KontorDomain
import Testing

@Suite("Identifiers for rows written in bulk")
struct TimeOrderedIDTests {
    @Test("a version 7, variant 10 UUID whose first 48 bits are the time in milliseconds")
    func layout() {
        let date = Date(timeIntervalSince1970: 1_796_000_000.123)
        let id = TimeOrderedID.make(at: date)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds >= 1_796_000_000_123, "the time, or later if this process already made one later")
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
    }

    @Test("made one after another, even within one millisecond or with the clock going back, they sort in order as bytes and as text")
    func ordered() {
        let now = Date()
        let ids = (0..<10_000).map { TimeOrderedID.make(at: $0 == 5_000 ? now.addingTimeInterval(-60) : now) }
        let texts = ids.map(TimeOrderedID.text)
        #expect(texts == texts.sorted(), "the B-tree of a primary key gets them at its right edge")
        #expect(Set(ids).count == ids.count)
    }

    @Test("written as UUID.uuidString writes them, so rows compare equal with the ones Fluent wrote")
    func text() {
        for id in (0..<1_000).map({ _ in UUID() }) + [TimeOrderedID.make()] {
            #expect(TimeOrderedID.text(id) == id.uuidString)
            #expect(TimeOrderedID.parse(id.uuidString) == id)
            #expect(TimeOrderedID.parse(id.uuidString.lowercased()) == id)
        }
    }

    @Test("parsing refuses anything but 8-4-4-4-12 hexadecimal digits, as UUID(uuidString:) does")
    func refused() {
        let valid = "01A23F82-814E-7000-8DBB-D3AC9EF42ECB"
        for text in ["", "01A23F82814E70008DBBD3AC9EF42ECB", valid + "0", String(valid.dropLast()), valid.replacingOccurrences(of: "-8DBB", with: "+8DBB"),
                     valid.replacingOccurrences(of: "D3AC", with: "G3AC"), "{\(valid.dropFirst(2))}", "01A23F82-814E-7000-8DBB-D3AC9EF42EC\u{e9}"] {
            #expect(TimeOrderedID.parse(text) == nil, "\(text)")
            #expect(UUID(uuidString: text) == nil, "and Foundation agrees: \(text)")
        }
        #expect(TimeOrderedID.parse(valid) != nil)
    }
}

@Suite("Trimming stored text")
struct TrimmingTests {
    @Test("the same as Foundation's trimmingCharacters, with or without newlines, for ASCII and other whitespace")
    func sameAsFoundation() {
        let samples = ["", " ", "a", " a", "a ", "\ta\n", "\n", "Hosting\u{00A0}", "\u{2003}Web", "Zürich", " Zürich ", "é", "a\u{0301}",
                       "line\r\n", "\u{000B}x\u{000C}", "x\u{3000}", "  multiple  words  ", "\u{200B}zero-width"]
        for text in samples {
            #expect(text.trimmedAsFoundation() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmedAsFoundation(newlines: false) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
