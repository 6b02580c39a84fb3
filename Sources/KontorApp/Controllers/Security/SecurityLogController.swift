import Fluent
import Foundation
import Vapor

/// The user's security events: sign-ins and failures, second-factor changes, password and profile changes, and what
/// the provider's staff did to an organization the user manages (`SecurityLog`).
struct SecurityLogController {
    struct EventsPage: Encodable {
        struct Row: Encodable {
            let what: String
            let at: Date
            let ipAddress: String
            let device: String
        }
        let layout: LayoutModel
        let events: [Row]
    }

    static let shown = 100

    func events(_ request: Request) async throws -> View {
        let identity = try request.customer()
        let log = SecurityLog(request: request)
        let events = try await log.events(of: identity.userID, limit: Self.shown)
        let organizations = try await log.organizationNames(of: events)
        return try await request.view.render("Security/Events", EventsPage(
            layout: await request.layout(title: request.t("security.events.title")),
            events: events.map { .init(what: log.describe($0, organizations: organizations), at: $0.createdAt, ipAddress: SecurityLog.origin(of: $0).ipAddress,
                                    device: request.device(SecurityLog.origin(of: $0).userAgent)) }))
    }
}
