import Fluent
import Foundation
import KontorDomain
import KontorSearch
import Vapor

/// The editors' dashboard (top searches, searches with no result, least helpful guides, with charts)
/// and the synonym list that search uses.
struct HelpAnalyticsController {
    struct AnalyticsPage: Encodable {
        let layout: LayoutModel
        let days: Int
        let topQueries: [HelpAnalytics.QueryCount]
        let zeroResults: [HelpAnalytics.QueryCount]
        let leastHelpful: [HelpAnalytics.ArticleRating]
        let topChart: String
        let zeroChart: String
        let searchCount: Int
    }
    struct SynonymsPage: Encodable {
        struct Row: Encodable {
            let terms: String
            let language: String
            let deletePath: String
        }
        /// A group Kontor ships (`DefaultSynonyms`), and the editors' group that replaces it, if one does.
        struct ShippedRow: Encodable {
            let terms: String
            let language: String
            let replacedBy: String?
        }
        let layout: LayoutModel
        let synonyms: [Row]
        let shipped: [ShippedRow]
        let form: FormState
        let action: String
        let languages: [String]
    }
    struct SynonymForm: Content {
        var terms: String?
        var language: String?
    }

    static let periodDays = 30

    func register(_ editors: any RoutesBuilder) {
        editors.get(.staffHelpAnalytics, use: analytics)
        editors.get(.staffHelpSynonyms, use: synonyms)
        editors.post(.staffHelpSynonyms, use: addSynonyms)
        editors.post(.staffHelpDeleteSynonym(SiteRoute.anyID), use: deleteSynonyms)
    }

    func analytics(_ request: Request) async throws -> View {
        let since = request.now.addingTimeInterval(-Double(Self.periodDays) * 86_400)
        try await request.kontor.readerAnalytics.flush(on: request.db)   // this server's latest; others flush within seconds
        let analytics = HelpAnalytics(db: request.db)
        let top = try await analytics.topQueries(since: since)
        let zero = try await analytics.zeroResultQueries(since: since)
        return try await request.view.render("HelpCenter/StaffAnalytics", AnalyticsPage(
            layout: await request.layout(title: request.t("staff.help.analytics")), days: Self.periodDays,
            topQueries: top, zeroResults: zero, leastHelpful: try await analytics.leastHelpful(),
            topChart: BarChartSVG.render(title: request.t("staff.help.top_queries"), bars: top.map { ($0.query, $0.count) }),
            zeroChart: BarChartSVG.render(title: request.t("staff.help.zero_results"), bars: zero.map { ($0.query, $0.count) }),
            searchCount: try await HelpSearchLogEntry.query(on: request.db).filter(\.$createdAt >= since).count()))
    }

    func synonyms(_ request: Request) async throws -> View {
        try await renderSynonyms(request, form: FormState(values: ["language": "all"]))
    }

    func addSynonyms(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SynonymForm.self)
        let terms = (form.terms ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let language = form.language ?? "all"
        var errors: [FieldError] = []
        if terms.count < 2 { errors.append(FieldError(field: "terms", messageKey: "error.help.synonyms_need_two")) }
        if terms.contains(where: { $0.count > 80 }) || terms.count > 20 { errors.append(FieldError(field: "terms", messageKey: "error.too_long")) }
        if language != "all", Language(rawValue: language) == nil { errors.append(FieldError(field: "language", messageKey: "error.language.unsupported")) }
        guard errors.isEmpty else {
            return try await renderSynonyms(request, form: FormState(failure: ValidationFailure(errors), values: ["terms": form.terms ?? "", "language": language], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        try await HelpSynonymList(db: request.db, now: request.now).add(terms, language: language)
        await request.kontor.helpSearch.invalidate()
        return request.redirect(to: .staffHelpSynonyms, notice: "help_synonyms_saved")
    }

    func deleteSynonyms(_ request: Request) async throws -> Response {
        guard let synonym = try await HelpSynonym.find(try request.id("synonymID"), on: request.db) else { throw AppError.notFound }
        try await synonym.delete(on: request.db)
        await request.kontor.helpSearch.invalidate()
        return request.redirect(to: .staffHelpSynonyms, notice: "help_synonyms_saved")
    }

    private func renderSynonyms(_ request: Request, form: FormState) async throws -> View {
        let rows = try await HelpSynonym.query(on: request.db).sort(\.$createdAt).all()
        return try await request.view.render("HelpCenter/StaffSynonyms", SynonymsPage(
            layout: await request.layout(title: request.t("staff.help.synonyms")),
            synonyms: rows.map { .init(terms: $0.terms.joined(separator: ", "), language: $0.language, deletePath: SiteRoute.staffHelpDeleteSynonym($0.id!).path) },
            shipped: DefaultSynonyms.shipped(withEditors: rows.map { SynonymGroup($0.terms, language: SearchLanguage(rawValue: $0.language)) })
                .map { .init(terms: $0.group.terms.joined(separator: ", "), language: $0.group.language?.rawValue ?? "all",
                             replacedBy: $0.replacedBy.map { $0.terms.joined(separator: ", ") }) },
            form: form, action: SiteRoute.staffHelpSynonyms.path, languages: ["all"] + Language.allCases.map(\.rawValue)))
    }
}
