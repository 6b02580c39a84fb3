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
        let events = try await SecurityEvent.query(on: request.db).filter(\.$userID == identity.userID)
            .sort(\.$createdAt, .descending).limit(Self.shown).all()
        return try await request.view.render("Security/Events", EventsPage(
            layout: await request.layout(title: request.t("security.events.title")),
            events: events.map { event in
                let key = "security.event.\(event.kind)"
                let what = request.kontor.localizer.has(key) ? request.t(key) : event.kind
                return .init(what: what, at: event.createdAt, ipAddress: event.ipAddress, device: event.userAgent)
            }))
    }
}
