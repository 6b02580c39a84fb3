/// Writes recovered guide blocks as the help center's Markdown.
enum GuideMarkdownWriter {
    /// The Markdown body: blocks separated by blank lines, ending with a newline.
    static func write(_ blocks: [GuideBlock]) -> String {
        let levels = headingLevels(blocks)
        var chunks: [String] = []
        for (index, block) in blocks.enumerated() {
            let nextIsList = index + 1 < blocks.count && { if case .list = blocks[index + 1] { true } else { false } }()
            switch block {
            case .heading(let text):
                chunks.append(String(repeating: "#", count: levels[index] ?? 2) + " " + InlineCode.format(text))
            case .paragraph(let text):
                chunks.append(finish(InlineCode.format(text), introducesList: nextIsList))
            case .list(let items, let numbered):
                chunks += list(items, numbered: numbered)
            }
        }
        return chunks.joined(separator: "\n\n") + "\n"
    }

    /// A heading directly followed by another heading opens a section (`##`) whose sub-headings are `###`,
    /// as in "Activar la opción…" → "Uno a uno"; the section runs until the next such heading.
    static func headingLevels(_ blocks: [GuideBlock]) -> [Int: Int] {
        var levels: [Int: Int] = [:]
        var insideSection = false
        for (index, block) in blocks.enumerated() {
            guard case .heading = block else { continue }
            let opensSection = index + 1 < blocks.count && { if case .heading = blocks[index + 1] { true } else { false } }()
            if opensSection { insideSection = true }
            levels[index] = opensSection || !insideSection ? 2 : 3
        }
        return levels
    }

    /// Renders one list; a warning interrupts it as a callout, and the numbering of a procedure carries on after it.
    static func list(_ items: [GuideListItem], numbered: Bool) -> [String] {
        var chunks: [String] = []
        var lines: [String] = []
        var number = 0
        for item in items {
            if item.isWarning {
                if !lines.isEmpty { chunks.append(lines.joined(separator: "\n")); lines = [] }
                chunks.append(callout(item))
                continue
            }
            number += 1
            let marker = numbered ? "\(number). " : "- "
            lines.append(marker + finish(InlineCode.format(item.text), introducesList: !item.children.isEmpty))
            let indent = String(repeating: " ", count: marker.count)
            lines += item.children.map { indent + "- " + finish(InlineCode.format($0), introducesList: false) }
        }
        if !lines.isEmpty { chunks.append(lines.joined(separator: "\n")) }
        return chunks
    }

    /// A GitHub alert: `> [!WARNING]`, the warning, then the points it introduces.
    static func callout(_ item: GuideListItem) -> String {
        var lines = [MarkdownLine.warningMarker, "> " + finish(InlineCode.format(item.text), introducesList: !item.children.isEmpty)]
        if !item.children.isEmpty {
            lines.append(">")
            lines += item.children.map { "> - " + finish(InlineCode.format($0), introducesList: false) }
        }
        return lines.joined(separator: "\n")
    }

    /// Ends a sentence properly. On the source page a final ":" either introduced a list or pointed at a
    /// screenshot that flattening removed; without a list after it, it becomes a full stop. A final code
    /// value ("antes: `mabase`") gets no full stop, which would read as part of the value.
    static func finish(_ text: String, introducesList: Bool) -> String {
        var sentence = text
        if introducesList, sentence.hasSuffix("…") { sentence = String(sentence.dropLast()) + ":" }
        if !introducesList, sentence.hasSuffix(":") { sentence = String(sentence.dropLast()) + "." }
        if let last = sentence.last, last.isLetter || last.isNumber || ")\"".contains(last) {
            sentence += introducesList ? ":" : "."
        }
        return sentence
    }
}
