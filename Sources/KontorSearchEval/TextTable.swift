/// A plain-text table with aligned columns: the first column left-aligned, the others right-aligned.
struct TextTable {
    private let header: [String]
    private var rows: [[String]] = []
    /// Row indices after which a blank line separates groups.
    private var breaks = Set<Int>()

    init(_ header: [String]) {
        self.header = header
    }

    /// Adds a row; a row shorter than the header is drawn as given (for "not measured" lines).
    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    /// Ends a group of rows with a blank line.
    mutating func addBreak() {
        breaks.insert(rows.count - 1)
    }

    /// The table as text, one line per row, with a rule under the header.
    func render(leftAligned: Int = 2) -> String {
        var widths = header.map(\.count)
        for row in rows where row.count == header.count {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[min(column, widths.count - 1)] - cell.count))
                return column < leftAligned || cells.count != header.count ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingSuffixSpaces()
        }
        var lines = [line(header), String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))]
        for (index, row) in rows.enumerated() {
            lines.append(line(row))
            if breaks.contains(index), index != rows.count - 1 { lines.append("") }
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func trimmingSuffixSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
