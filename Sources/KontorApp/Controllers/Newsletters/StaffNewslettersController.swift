import Fluent
import Foundation
import KontorDomain
import Vapor

/// Staff define topics (named in each language), export a topic's subscribers as CSV, and send an issue.
struct StaffNewslettersController {
    struct Page: Encodable {
        struct Row: Encodable {
            let name: String
            let slug: String
            let subscribers: Int
            let csvPath: String
            let sendAction: String
        }
        let layout: LayoutModel
        let topics: [Row]
        let form: FormState
        let action: String
        let languages: [String]
    }
    struct TopicForm: Content {
        var slug: String?
        var name_es: String?, description_es: String?
        var name_fr: String?, description_fr: String?
        var name_en: String?, description_en: String?
        var name_de: String?, description_de: String?
        var name_it: String?, description_it: String?
    }
    struct SendForm: Content {
        var subject: String?
        var body: String?
    }

    func register(_ staff: any RoutesBuilder) {
        staff.get(.staffNewsletters, use: list)
        staff.post(.staffNewsletters, use: create)
        staff.get(.staffNewsletterSubscribers(SiteRoute.anyID), use: csv)
        staff.post(.staffNewsletterSend(SiteRoute.anyID), use: send)
    }

    func list(_ request: Request) async throws -> View {
        try await render(request, form: FormState())
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TopicForm.self)
        func entry(_ name: String?, _ description: String?) -> (name: String, description: String) {
            ((name ?? "").trimmingCharacters(in: .whitespacesAndNewlines), (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let names = ["es": entry(form.name_es, form.description_es), "fr": entry(form.name_fr, form.description_fr),
                     "en": entry(form.name_en, form.description_en), "de": entry(form.name_de, form.description_de),
                     "it": entry(form.name_it, form.description_it)]
        do {
            try await NewsletterService(request: request).createTopic(slug: (form.slug ?? "").lowercased(), names: names)
            return request.redirect(to: .staffNewsletters, notice: "newsletter_topic_created")
        } catch let failure as ValidationFailure {
            var values = ["slug": form.slug ?? ""]
            for (language, value) in names { values["name_\(language)"] = value.name; values["description_\(language)"] = value.description }
            return try await render(request, form: FormState(failure: failure, values: values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// The subscribers of a topic as CSV (RFC 4180 quoting), for the provider's own mailing tools.
    func csv(_ request: Request) async throws -> Response {
        let topicID = try request.id("topicID")
        guard try await NewsletterTopic.find(topicID, on: request.db) != nil else { throw AppError.notFound }
        func field(_ text: String) -> String {
            // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it (OWASP CSV injection).
            let safe = ["=", "+", "-", "@"].contains(where: text.hasPrefix) ? "'" + text : text
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var text = "email,name,language\r\n"
        for user in try await NewsletterService(request: request).subscribers(of: topicID) {
            text += [user.email, user.name, user.language].map(field).joined(separator: ",") + "\r\n"
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"subscribers.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    func send(_ request: Request) async throws -> Response {
        let topicID = try request.id("topicID")
        guard try await NewsletterTopic.find(topicID, on: request.db) != nil else { throw AppError.notFound }
        let form = try request.content.decode(SendForm.self)
        let subject = (form.subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if subject.isEmpty { errors.append(FieldError(field: "subject", messageKey: "error.required")) } else if subject.count > 150 { errors.append(FieldError(field: "subject", messageKey: "error.too_long")) }
        if body.isEmpty { errors.append(FieldError(field: "body", messageKey: "error.required")) } else if body.count > 50_000 { errors.append(FieldError(field: "body", messageKey: "error.too_long")) }
        try ValidationFailure.check(errors)
        let count = try await NewsletterService(request: request).send(topicID: topicID, subject: subject, body: body)
        return request.redirect(to: SiteRoute.staffNewsletters.path + "?notice=newsletter_sent&count=\(count)", redirectType: .normal)
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let service = NewsletterService(request: request)
        var rows: [Page.Row] = []
        for topic in try await service.topics() {
            let id = try topic.requireID()
            rows.append(.init(name: topic.name(in: request.language.rawValue).name, slug: topic.slug,
                              subscribers: try await NewsletterSubscription.query(on: request.db).filter(\.$topic.$id == id).count(),
                              csvPath: SiteRoute.staffNewsletterSubscribers(id).path, sendAction: SiteRoute.staffNewsletterSend(id).path))
        }
        return try await request.view.render("Newsletters/Staff", Page(
            layout: await request.layout(title: request.t("staff.newsletters.title")), topics: rows, form: form,
            action: SiteRoute.staffNewsletters.path, languages: Language.allCases.map(\.rawValue)))
    }
}
