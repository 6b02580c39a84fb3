import Fluent
import Foundation
import Vapor

/// The user's own security events: sign-ins and failures, second-factor changes, password and profile changes.
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
        return try await request.view.render("Security/Events", EventsPage(
            layout: await request.layout(title: request.t("security.events.title")),
            events: events.map { .init(what: log.describe($0), at: $0.createdAt, ipAddress: $0.ipAddress, device: request.device($0.userAgent)) }))
    }
}
