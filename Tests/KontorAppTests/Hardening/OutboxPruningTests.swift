import Fluent
import SQLKit
import Foundation
@testable import KontorApp
import Testing
import Vapor

@Suite("The outbox does not grow for ever: sent mail is pruned after 90 days, shared templates once nothing needs them")
struct OutboxPruningTests {
    /// A message created `daysAgo` days before now, sent `sentDaysAgo` days ago (nil: not sent), failed or not.
    static func message(_ app: Application, _ now: Date, daysAgo: Double, sentDaysAgo: Double?, failed: Bool = false,
                        template: MailTemplate? = nil) async throws -> OutboxMessage {
        let message = OutboxMessage()
        message.recipient = "ana@example.test"
        message.subject = "Reminder"
        message.textBody = template == nil ? "Hello" : ""
        message.headersJSON = "{}"
        message.createdAt = now.addingTimeInterval(-daysAgo * 86_400)
        message.attempts = failed ? 12 : 1
        message.nextAttemptAt = message.createdAt
        message.sentAt = sentDaysAgo.map { now.addingTimeInterval(-$0 * 86_400) }
        message.failedAt = failed ? message.createdAt.addingTimeInterval(3 * 86_400) : nil
        message.templateID = template?.id
        message.templateValues = template == nil ? nil : "[]"
        try await message.create(on: app.db)
        return message
    }

    static func template(_ text: String) -> MailTemplate { MailTemplate(subject: "Reminder", text: text, html: "<p>\(text)</p>") }

    static func templateIDs(_ app: Application) async throws -> Set<UUID> {
        struct Row: Decodable { let id: UUID }
        return Set(try await (app.db as! any SQLDatabase).raw("SELECT id FROM outbox_templates").all(decoding: Row.self).map(\.id))
    }

    @Test("sent mail older than 90 days goes, with templates only it used; recent, unsent and failed mail and what they use stay")
    func prunes() async throws {
        try await withTestApp { app, clock in
            let now = clock.now
            let (old, recent, fresh) = (Self.template("old run"), Self.template("recent run"), Self.template("stored, not yet used"))
            try await TemplatedMail.store([old, recent], now: now.addingTimeInterval(-100 * 86_400), on: app.db)
            try await TemplatedMail.store([fresh], now: now.addingTimeInterval(-3600), on: app.db)
            let sentLongAgo = try await Self.message(app, now, daysAgo: 95, sentDaysAgo: 91, template: old)
            let sentRecently = try await Self.message(app, now, daysAgo: 95, sentDaysAgo: 89, template: recent)
            let neverSent = try await Self.message(app, now, daysAgo: 120, sentDaysAgo: nil)
            let failed = try await Self.message(app, now, daysAgo: 200, sentDaysAgo: nil, failed: true)

            let report = try await app.housekeeping.run()
            #expect(report.sentMailsDeleted == 1 && report.mailTemplatesDeleted == 1)
            let left = Set(try await OutboxMessage.query(on: app.db).all().compactMap(\.id))
            #expect(left == [sentRecently.id!, neverSent.id!, failed.id!] && !left.contains(sentLongAgo.id!))
            #expect(try await Self.templateIDs(app) == [recent.id, fresh.id], "a template is kept while a message names it or a run used it today")
            let rendered = try await TemplatedMail.rendered(try #require(try await OutboxMessage.find(sentRecently.id, on: app.db)), on: app.db)
            #expect(rendered.text == "recent run")
        }
    }

    @Test("a run that stores a template again marks it used, so housekeeping does not take it for unused while the run's mail waits")
    func storingAgainMarksUsed() async throws {
        try await withTestApp { app, clock in
            let template = Self.template("monthly run")
            try await TemplatedMail.store([template], now: clock.now, on: app.db)
            clock.advance(by: 30 * 86_400)
            try await TemplatedMail.store([template], now: clock.now, on: app.db)   // the next run, whose messages are being queued
            clock.advance(by: 3600)
            #expect(try await app.housekeeping.run().mailTemplatesDeleted == 0)
            #expect(try await Self.templateIDs(app) == [template.id])
            clock.advance(by: 2 * 86_400)
            #expect(try await app.housekeeping.run().mailTemplatesDeleted == 1, "unused for a day and named by no message: gone")
        }
    }
}
