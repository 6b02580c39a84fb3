import Fluent
import Foundation
import Vapor

/// "E-mail that could not be sent": messages the outbox gave up on after the retry period, with the relay's last
/// answer, and a button that puts one back in the queue. Nothing fails silently.
struct StaffFailedMailController {
    struct Page: Encodable {
        struct Row: Encodable {
            let recipient: String
            let subject: String
            let createdAt: Date
            let failedAt: Date
            let attempts: Int
            let lastError: String
            let sendAgainAction: String
        }
        let layout: LayoutModel
        let rows: [Row]
        let hasFailures: Bool
        let waiting: Int
    }

    func register(_ support: any RoutesBuilder) {
        support.get(.staffFailedMail, use: list)
        support.post(.staffFailedMailSendAgain(SiteRoute.anyID), use: sendAgain)
    }

    func list(_ request: Request) async throws -> View {
        let failed = try await OutboxMessage.failed(on: request.db)
        let waiting = try await OutboxMessage.query(on: request.db).filter(\.$sentAt == nil).filter(\.$failedAt == nil).count()
        let rows = failed.map { message in
            Page.Row(recipient: message.recipient, subject: message.subject, createdAt: message.createdAt, failedAt: message.failedAt ?? message.createdAt,
                     attempts: message.attempts, lastError: message.lastError ?? "",
                     sendAgainAction: SiteRoute.staffFailedMailSendAgain(message.id!).path)
        }
        return try await request.view.render("Staff/FailedMail", Page(
            layout: await request.layout(title: request.t("staff.mail.title")), rows: rows, hasFailures: !rows.isEmpty, waiting: waiting))
    }

    func sendAgain(_ request: Request) async throws -> Response {
        let id = try request.id("messageID")
        guard try await OutboxMessage.sendAgain(id, now: request.now, on: request.db) else { throw AppError.notFound }
        let staff = try request.staff().staff
        request.logger.notice("Staff \(staff.email) queued failed mail \(id) again")
        return request.redirect(to: .staffFailedMail, notice: "mail_queued_again")
    }
}
