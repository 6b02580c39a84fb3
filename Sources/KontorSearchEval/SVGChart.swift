import Foundation

/// A grouped bar chart written as plain SVG text: no script, no external fonts, readable by screen readers.
///
/// Values are fractions from 0 to 1; each group is one metric and each series (bar colour) one engine.
struct GroupedBarChart {
    /// One engine's bars, one value per group.
    struct Series {
        let name: String
        /// A colour from the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
        let colour: String
        let values: [Double]
    }

    let title: String
    /// The long description for assistive technology (`<desc>`): every value in words.
    let description: String
    let groups: [String]
    let series: [Series]
    /// How a value is labelled above its bar in a given group ("72%" or "0.81").
    let label: (_ group: Int, _ value: Double) -> String
    /// A line of small print under the chart (sources, what is missing).
    let footnote: String

    private let width = 800.0, height = 440.0
    private let left = 56.0, right = 20.0, top = 92.0, bottom = 84.0

    func render() -> String {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let groupWidth = plotWidth / Double(groups.count)
        let barWidth = min(40, groupWidth * 0.8 / Double(max(series.count, 1)))
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="chart-title chart-desc" \
            font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">
            <title id="chart-title">\(escape(title))</title>
            <desc id="chart-desc">\(escape(description))</desc>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(left)" y="28" font-size="18" font-weight="600" fill="#1a1a1a">\(escape(title))</text>

            """
        // Legend under the title, one swatch per engine.
        var x = left
        for entry in series {
            svg += "<rect x=\"\(f(x))\" y=\"44\" width=\"14\" height=\"14\" rx=\"2\" fill=\"\(entry.colour)\"/>"
            svg += "<text x=\"\(f(x + 20))\" y=\"56\" font-size=\"13\" fill=\"#333333\">\(escape(entry.name))</text>\n"
            x += 20 + Double(entry.name.count) * 7.2 + 24
        }
        // Grid lines every 0.25, so bars can be read against them.
        for step in 0...4 {
            let value = Double(step) / 4, y = top + plotHeight * (1 - value)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" "
                + "stroke=\"\(step == 0 ? "#888888" : "#e3e3e3")\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" font-size=\"12\" fill=\"#666666\" "
                + "text-anchor=\"end\">\(step == 0 ? "0" : String(format: "%g", value))</text>\n"
        }
        for (group, name) in groups.enumerated() {
            let groupLeft = left + groupWidth * Double(group)
            let barsLeft = groupLeft + (groupWidth - barWidth * Double(series.count)) / 2
            for (index, entry) in series.enumerated() {
                let value = max(0, min(1, entry.values[group]))
                let barHeight = plotHeight * value, barX = barsLeft + barWidth * Double(index)
                let text = label(group, entry.values[group])
                let tooltip = "\(entry.name), \(name.replacingOccurrences(of: "\n", with: " ")): \(text)"
                svg += "<rect x=\"\(f(barX + 2))\" y=\"\(f(top + plotHeight - barHeight))\" width=\"\(f(barWidth - 4))\" "
                    + "height=\"\(f(barHeight))\" fill=\"\(entry.colour)\"><title>\(escape(tooltip))</title></rect>"
                svg += "<text x=\"\(f(barX + barWidth / 2))\" y=\"\(f(top + plotHeight - barHeight - 5))\" font-size=\"11\" "
                    + "fill=\"#1a1a1a\" text-anchor=\"middle\">\(escape(text))</text>\n"
            }
            // A group name may hold a line break; each line is a tspan so it stays one text for screen readers.
            let lines = name.split(separator: "\n").enumerated().map { index, line in
                "<tspan x=\"\(f(groupLeft + groupWidth / 2))\" dy=\"\(index == 0 ? 0 : 16)\">\(escape(String(line)))</tspan>"
            }
            svg += "<text y=\"\(f(top + plotHeight + 22))\" font-size=\"13\" fill=\"#1a1a1a\" "
                + "text-anchor=\"middle\">\(lines.joined())</text>\n"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(height - 18))\" font-size=\"11\" fill=\"#666666\">"
            + escape(footnote) + "</text>\n"
        return svg + "</svg>\n"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The quality chart of `docs/benchmarks.md`: overall figures, one group per metric, one bar per engine.
enum QualityChart {
    private static let colours = ["#0072B2", "#56B4E9", "#E69F00", "#009E73", "#CC79A7"]
    private static let metrics = ["success@1", "success@3", "MRR@10", "zero-result rate\n(lower is better)"]

    /// `languages` and `file` describe the query set in the footnote, so a chart of another set cannot pass for the main one.
    static func svg(_ evaluations: [EngineEvaluation], missing: String?, queryCount: Int, languages: [String], file: String) -> String {
        let series = evaluations.enumerated().map { index, evaluation in
            let overall = evaluation.overall
            return GroupedBarChart.Series(
                name: evaluation.name, colour: colours[index % colours.count],
                values: [overall.successAt1, overall.successAt3, overall.mrrAt10, overall.zeroResultRate])
        }
        let label: (Int, Double) -> String = { group, value in
            // Small rates keep a decimal: 0.4% of queries is one query, not nothing.
            group == 2 ? String(format: "%.2f", value) : String(format: value < 0.1 ? "%.1f%%" : "%.0f%%", value * 100)
        }
        let description = series.map { entry in
            entry.name + ": " + zip(metrics, entry.values).enumerated()
                .map { group, pair in "\(pair.0.replacingOccurrences(of: "\n", with: " ")) \(label(group, pair.1))" }
                .joined(separator: ", ")
        }.joined(separator: "; ") + "." + (missing.map { " " + $0 + "." } ?? "")
        let footnote = "\(queryCount) labelled queries in \(spelledOut(languages)) (\(file)); "
            + "higher is better except the zero-result rate." + (missing.map { " " + $0 + "." } ?? "")
        return GroupedBarChart(
            title: "Help-center search quality, all languages",
            description: description, groups: metrics, series: series, label: label, footnote: footnote
        ).render()
    }

    /// "es, en and fr", as the footnote names the languages of the queries.
    private static func spelledOut(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }
}
