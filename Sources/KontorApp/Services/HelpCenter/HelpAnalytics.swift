import Fluent
import Foundation
import SQLKit

/// What staff learn from readers: the most frequent searches, the searches that found nothing, and the
/// guides readers rated least helpful. Aggregated in the database, so it stays cheap as the log grows.
struct HelpAnalytics {
    struct QueryCount: Encodable, Equatable {
        let query: String
        let count: Int
    }
    struct ArticleRating: Encodable, Equatable {
        let title: String
        let language: String
        let helpful: Int
        let unhelpful: Int
        let editPath: String
    }

    let db: any Database

    /// The most searched queries since `since`.
    func topQueries(since: Date, limit: Int = 10) async throws -> [QueryCount] {
        try await grouped(since: since, onlyEmpty: false, limit: limit)
    }

    /// Queries that found nothing: the guides readers look for and the help center lacks.
    func zeroResultQueries(since: Date, limit: Int = 10) async throws -> [QueryCount] {
        try await grouped(since: since, onlyEmpty: true, limit: limit)
    }

    /// Articles with more "not helpful" than "helpful" votes first.
    func leastHelpful(limit: Int = 10) async throws -> [ArticleRating] {
        let rated = try await HelpArticle.query(on: db).filter(\.$unhelpfulCount > 0).all()
        return rated.sorted { ($0.unhelpfulCount - $0.helpfulCount, $0.unhelpfulCount) > ($1.unhelpfulCount - $1.helpfulCount, $1.unhelpfulCount) }
            .prefix(limit).map {
                ArticleRating(title: $0.title, language: $0.language, helpful: $0.helpfulCount, unhelpful: $0.unhelpfulCount,
                              editPath: SiteRoute.staffHelpArticle($0.id!).path)
            }
    }

    private func grouped(since: Date, onlyEmpty: Bool, limit: Int) async throws -> [QueryCount] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            let query: String
            let total: Int
        }
        var select = sql.select().column("query").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
            .from(HelpSearchLogEntry.schema).where("created_at", .greaterThanOrEqual, SQLBind(since))
        if onlyEmpty { select = select.where("result_count", .equal, SQLLiteral.numeric("0")) }
        let rows = try await select.groupBy("query").orderBy(SQLIdentifier("total"), SQLDirection.descending).orderBy("query")
            .limit(limit).all(decoding: Row.self)
        return rows.map { QueryCount(query: $0.query, count: $0.total) }
    }
}

/// A horizontal bar chart drawn as SVG on the server: no script, readable without colour, with a text title.
enum BarChartSVG {
    static func render(title: String, bars: [(label: String, value: Int)], width: Int = 560) -> String {
        let rowHeight = 26, labelWidth = 220, top = 34
        let height = top + max(bars.count, 1) * rowHeight + 10
        let maximum = max(bars.map(\.value).max() ?? 1, 1)
        let ink = "#1f2933", brand = "#0b5cad"
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\">"
        svg += "<title>\(XML.escape(title))</title>"
        svg += "<text x=\"0\" y=\"20\" font-size=\"15\" font-weight=\"700\" fill=\"\(ink)\">\(XML.escape(title))</text>"
        for (index, bar) in bars.enumerated() {
            let y = top + index * rowHeight
            let length = Int(Double(width - labelWidth - 50) * Double(bar.value) / Double(maximum))
            let label = bar.label.count > 32 ? String(bar.label.prefix(31)) + "…" : bar.label
            svg += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"13\" fill=\"\(ink)\">\(XML.escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(length, 2))\" height=\"16\" rx=\"3\" fill=\"\(brand)\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 16)\" font-size=\"13\" fill=\"\(ink)\">\(bar.value)</text>"
        }
        return svg + "</svg>"
    }
}
