import Foundation

/// One entry of a list, with the entries that belong under it.
struct GuideListItem: Equatable {
    /// The entry's text, without the warning sign.
    var text: String
    /// Whether the source marked it with ⚠.
    var isWarning = false
    /// Entries nested under this one: "antes: `mabase`" values, or the points a warning introduces.
    var children: [String] = []
}

/// The structure recovered from a guide: what the Markdown writer renders.
enum GuideBlock: Equatable {
    /// A section title.
    case heading(String)
    /// A paragraph.
    case paragraph(String)
    /// A run of entries; `numbered` when most of them are instructions (a procedure).
    case list([GuideListItem], numbered: Bool)
}

/// Groups logical lines into headings, paragraphs and lists.
enum GuideBlockBuilder {
    /// The signs the knowledge base uses for a warning.
    static let warningSigns: Set<Character> = ["⚠", "\u{FE0F}"]

    /// The blocks of a guide, in order.
    static func build(_ lines: [GuideLine]) -> [GuideBlock] {
        var blocks: [GuideBlock] = []
        var entries: [String] = []
        func flushList() {
            guard !entries.isEmpty else { return }
            let items = nest(entries)
            let instructions = items.filter { !$0.isWarning }.map(\.text)
            blocks.append(.list(items, numbered: InstructionDetector.isProcedure(instructions)))
            entries = []
        }
        for line in lines {
            switch line {
            case .item(let text): entries.append(text)
            case .heading(let text): flushList(); blocks.append(.heading(text))
            case .text(let text): flushList(); blocks.append(.paragraph(text))
            }
        }
        flushList()
        return blocks
    }

    /// Builds the entries of one list: label values go under the entry they qualify, and a warning that ends
    /// with ":" takes the entries after it, because those are what it warns about.
    static func nest(_ entries: [String]) -> [GuideListItem] {
        var items: [GuideListItem] = []
        var warningCollects = false
        for entry in entries {
            let text = withoutLeadingEllipsis(entry)
            if let sign = text.first, warningSigns.contains(sign) {
                let warning = String(text.drop { warningSigns.contains($0) || $0 == " " })
                items.append(GuideListItem(text: warning, isWarning: true))
                warningCollects = warning.hasSuffix(":")
            } else if !items.isEmpty, warningCollects || isLabelledValue(text) {
                items[items.count - 1].children.append(text)
            } else {
                items.append(GuideListItem(text: text))
            }
        }
        return items
    }

    /// "antes: `mabase`": a one- or two-word label followed by nothing but a code value.
    static func isLabelledValue(_ text: String) -> Bool {
        guard let colon = text.range(of: ": ") else { return false }
        let label = text[..<colon.lowerBound], value = text[colon.upperBound...]
        return label.split(separator: " ").count <= 2 && value.hasPrefix("`") && value.hasSuffix("`")
            && value.dropFirst().dropLast().allSatisfy { $0 != "`" && $0 != " " }
    }

    /// "… este usuario no pertenece…" reads as a condition once the ellipsis that tied it to the lead-in is gone.
    static func withoutLeadingEllipsis(_ text: String) -> String {
        for mark in ["… ", "... ", "…"] where text.hasPrefix(mark) { return String(text.dropFirst(mark.count)) }
        return text
    }
}
