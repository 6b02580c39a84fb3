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
            /// The send form's fields, one subject and text per language; open with what was typed after an error.
            let texts: [TextFields]
            let open: Bool
            /// The send form's idempotency key, new with each page: the same form sent twice sends once.
            let sendKey: String
        }
        struct TextFields: Encodable {
            let code: String
            let language: String
            let subject: String
            let body: String
            let subjectError: String?
            let bodyError: String?
        }
        let layout: LayoutModel
        let topics: [Row]
        let form: FormState
        let sendErrors: [String]
        /// Said when a send form came again after its issue went out: how many it went to, and that nothing more did.
        let alreadySent: String?
        let fallbackLanguage: String
        let action: String
        /// The new topic's name and description per language, as typed, with what is wrong with each.
        let topicFields: [TopicFields]
    }
    struct TopicFields: Encodable {
        let code: String
        let name: String
        let description: String
        let nameError: String?
        let descriptionError: String?
    }
    struct TopicForm: Content {
        var slug: String?
        var name_es: String?, description_es: String?
        var name_fr: String?, description_fr: String?
        var name_en: String?, description_en: String?
        var name_de: String?, description_de: String?
        var name_it: String?, description_it: String?
    }
    /// One subject and text per language (`subject_de`, `body_de`); `subject` and `body` alone are the default
    /// language's, for a form or script that writes one text.
    struct SendForm: Content {
        var subject: String?, body: String?
        var subject_es: String?, body_es: String?
        var subject_fr: String?, body_fr: String?
        var subject_en: String?, body_en: String?
        var subject_de: String?, body_de: String?
        var subject_it: String?, body_it: String?
        var idempotency_key: String?

        func written(defaultLanguage: Language) -> [Language: (subject: String, body: String)] {
            var written: [Language: (subject: String, body: String)] = [
                .es: (subject_es ?? "", body_es ?? ""), .fr: (subject_fr ?? "", body_fr ?? ""), .en: (subject_en ?? "", body_en ?? ""),
                .de: (subject_de ?? "", body_de ?? ""), .it: (subject_it ?? "", body_it ?? ""),
            ]
            if isSingleText { written[defaultLanguage] = (subject ?? "", body ?? "") }
            return written
        }

        /// Only the unsuffixed fields were sent.
        var isSingleText: Bool {
            (subject != nil || body != nil)
                && [subject_es, body_es, subject_fr, body_fr, subject_en, body_en, subject_de, body_de, subject_it, body_it].allSatisfy { $0 == nil }
        }
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
        let defaultLanguage = request.kontor.config.defaultLanguage
        let written = form.written(defaultLanguage: defaultLanguage)
        do {
            let issue = try NewsletterIssue.validate(written, defaultLanguage: defaultLanguage).get()
            let sent = try await NewsletterService(request: request).send(topicID: topicID, issue: issue, key: form.idempotency_key,
                                                                          staffID: try request.staff().staff.id)
            guard sent.isReplay else {
                return request.redirect(to: SiteRoute.staffNewsletters.path + "?notice=newsletter_sent&count=\(sent.recipients)", redirectType: .normal)
            }
            // The same form again: the page says it went out already, and to how many; nothing is queued twice.
            return try await render(request, form: FormState(), alreadySent: request.t("staff.newsletters.already_sent", ["count": String(sent.recipients)]))
                .encodeResponse(status: .ok, for: request)
        } catch let failure as ValidationFailure {
            let code = defaultLanguage.rawValue
            if form.isSingleText { throw failure.renamingFields(["subject_\(code)": "subject", "body_\(code)": "body"]) }
            let accept = request.headers.accept.mediaTypes
            if accept.contains(.json), !accept.contains(.html) { throw failure }
            // On the page, with the topic's form open and everything typed still there (its key too: nothing was sent).
            var values = ["idempotency_key": form.idempotency_key ?? ""]
            for (language, text) in written { values["subject_\(language.rawValue)"] = text.subject; values["body_\(language.rawValue)"] = text.body }
            return try await render(request, form: FormState(), sending: (topicID, FormState(failure: failure, values: values, request: request)))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func render(_ request: Request, form: FormState, sending: (topic: UUID, form: FormState)? = nil,
                        alreadySent: String? = nil) async throws -> View {
        let service = NewsletterService(request: request)
        var rows: [Page.Row] = []
        for topic in try await service.topics() {
            let id = try topic.requireID()
            let typed = sending?.topic == id ? sending?.form : nil
            let texts = Language.allCases.map { language in
                let code = language.rawValue
                return Page.TextFields(code: code, language: language.nativeName, subject: typed?.values["subject_\(code)"] ?? "",
                                       body: typed?.values["body_\(code)"] ?? "", subjectError: typed?.errors["subject_\(code)"],
                                       bodyError: typed?.errors["body_\(code)"])
            }
            rows.append(.init(name: topic.name(in: request.language.rawValue).name, slug: topic.slug,
                              subscribers: try await NewsletterSubscription.query(on: request.db).filter(\.$topic.$id == id).count(),
                              csvPath: SiteRoute.staffNewsletterSubscribers(id).path, sendAction: SiteRoute.staffNewsletterSend(id).path,
                              texts: texts, open: typed != nil,
                              sendKey: typed?.values["idempotency_key"].flatMap { try? NewsletterService.validKey($0) } ?? UUID().uuidString))
        }
        return try await request.view.render("Newsletters/Staff", Page(
            layout: await request.layout(title: request.t("staff.newsletters.title")), topics: rows, form: form,
            sendErrors: Language.allCases.flatMap { language -> [String] in
                let code = language.rawValue
                return [("subject_\(code)", "staff.newsletters.subject"), ("body_\(code)", "staff.newsletters.body")].compactMap { field, label in
                    sending?.form.errors[field].map { "\(language.nativeName), \(request.t(label)): \($0)" }
                }
            } + [sending?.form.errors["idempotency_key"]].compactMap { $0 },
            alreadySent: alreadySent,
            fallbackLanguage: request.kontor.config.defaultLanguage.nativeName,
            action: SiteRoute.staffNewsletters.path,
            topicFields: Language.allCases.map { language in
                let code = language.rawValue
                return TopicFields(code: code, name: form.values["name_\(code)"] ?? "", description: form.values["description_\(code)"] ?? "",
                                        nameError: form.errors["name_\(code)"], descriptionError: form.errors["description_\(code)"])
            }))
    }
}
