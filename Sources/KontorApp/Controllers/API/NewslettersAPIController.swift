import Foundation
import KontorDomain
import Vapor

/// `/api/v1/me/newsletters`: the topics in my language and which I get.
struct NewslettersAPIController {
    func register(customer: any RoutesBuilder) {
        customer.get(.api(.meNewsletters), use: list)
        customer.on(.PUT, .api(.meNewsletters), use: save)
    }

    func list(_ request: Request) async throws -> APIModels.List<APIModels.NewsletterTopicChoice> {
        let choices = try await NewsletterService(request: request).choices(for: try request.customer().userID, language: request.language.rawValue)
        return .init(items: choices.map { .init(id: $0.id, slug: $0.slug, name: $0.name, description: $0.description, subscribed: $0.isSubscribed) })
    }

    /// Sets exactly the listed topics (an empty list unsubscribes from all); answers the new state.
    func save(_ request: Request) async throws -> APIModels.List<APIModels.NewsletterTopicChoice> {
        guard let topics = try request.content.decode(APIModels.NewsletterSubscriptions.self).topics else {
            throw ValidationFailure([FieldError(field: "topics", messageKey: "error.required")])
        }
        try await NewsletterService(request: request).save(subscriptions: topics, for: try request.customer().userID)
        return try await list(request)
    }
}
