import Fluent
import Foundation
import KontorDomain
import Vapor

/// "News" in the profile: a switch per topic, then Save (seed guide on newsletters); and the one-click
/// unsubscribe link every newsletter carries.
struct NewslettersController {
    struct TopicsPage: Encodable {
        struct Topic: Encodable {
            let id: String
            let name: String
            let description: String
            let isSubscribed: Bool
        }
        let layout: LayoutModel
        let topics: [Topic]
        let action: String
        let form: FormState
    }
    struct UnsubscribePage: Encodable {
        let layout: LayoutModel
        let topicName: String
        let action: String
        let done: Bool
    }
    struct TopicsForm: Content { var topics: [String]? }

    func register(public routes: any RoutesBuilder, customer: any RoutesBuilder) {
        customer.get(.newsletters, use: show)
        customer.post(.newsletters, use: save)
        routes.get(.unsubscribe(token: ""), use: confirmUnsubscribe)
        routes.post(.unsubscribe(token: ""), use: unsubscribe)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState())
    }

    func save(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        // Switching every topic off sends no `topics` at all.
        let chosen = try request.content.decode(TopicsForm.self).topics ?? []
        try await NewsletterService(request: request).save(subscriptions: chosen, for: identity.userID)
        return request.redirect(to: .newsletters, notice: "newsletters_saved")
    }

    func confirmUnsubscribe(_ request: Request) async throws -> View {
        let token = try Self.token(request)
        // A link already used (or a topic switched off in the console) says so instead of asking again.
        let subscribed = try await NewsletterService(request: request).isSubscribed(token.userID, to: token.topicID)
        return try await renderUnsubscribe(request, token: token, done: !subscribed)
    }

    /// The RFC 8058 POST (from the mail provider, or the confirmation page's button).
    func unsubscribe(_ request: Request) async throws -> Response {
        let token = try Self.token(request)
        try await NewsletterService(request: request).unsubscribe(token)
        return try await renderUnsubscribe(request, token: token, done: true).encodeResponse(for: request)
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let identity = try request.customer()
        let choices = try await NewsletterService(request: request).choices(for: identity.userID, language: request.language.rawValue)
        return try await request.view.render("Newsletters/Topics", TopicsPage(
            layout: await request.layout(title: request.t("newsletters.title")),
            topics: choices.map { .init(id: $0.id.uuidString, name: $0.name, description: $0.description, isSubscribed: $0.isSubscribed) },
            action: SiteRoute.newsletters.path, form: form))
    }

    private func renderUnsubscribe(_ request: Request, token: UnsubscribeToken, done: Bool) async throws -> View {
        guard let topic = try await NewsletterTopic.query(on: request.db).filter(\.$id == token.topicID).with(\.$names).first() else {
            throw AppError.notFound
        }
        return try await request.view.render("Newsletters/Unsubscribe", UnsubscribePage(
            layout: await request.layout(title: request.t("newsletters.unsubscribe.title")), topicName: topic.name(in: request.language.rawValue).name,
            action: SiteRoute.unsubscribe(token: token.signed(key: request.kontor.config.secretKey)).path, done: done))
    }

    /// A link whose signature does not check out is a 404, like any unknown path.
    private static func token(_ request: Request) throws -> UnsubscribeToken {
        guard let token = UnsubscribeToken.verify(request.parameters.get("token") ?? "", key: request.kontor.config.secretKey) else {
            throw AppError.notFound
        }
        return token
    }
}
