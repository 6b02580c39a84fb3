import Fluent
import Foundation
@testable import KontorApp
import KontorMail
import Testing
import Vapor
import VaporTesting

/// A relay that records what it was handed, optionally slowly, optionally refusing everything.
actor RecordingRelay: MailTransport {
    private(set) var delivered: [(messageID: String, recipient: String)] = []
    let delayNanoseconds: UInt64
    let refuses: Bool

    init(delayNanoseconds: UInt64 = 0, refuses: Bool = false) {
        self.delayNanoseconds = delayNanoseconds
        self.refuses = refuses
    }

    func deliver(_ message: MailMessage, messageID: String) async throws {
        if delayNanoseconds > 0 { try await Task.sleep(nanoseconds: delayNanoseconds) }
        if refuses { throw RelayRefusal() }
        delivered.append((messageID, message.to))
    }
}

struct RelayRefusal: Error, CustomStringConvertible {
    var description: String { "550 mailbox unavailable" }
}

@Suite("E-mail exactly once: per-message claims across servers, failures shown to staff")
struct MailExactlyOnceTests {
    static func enqueue(_ count: Int, on app: Application) async throws {
        for index in 0..<count {
            try await Outbox(database: app.db, now: app.kontor.clock.now())
                .enqueue(to: "person\(index)@example.test", subject: "Notice \(index)", text: "Hello \(index)", html: nil)
        }
    }

    static func delivery(_ app: Application, _ relay: RecordingRelay, clock: TestClock) -> MailDelivery {
        MailDelivery(database: app.db, transport: relay, from: "Kontor <no-reply@kontor.test>", now: { clock.now }, logger: app.logger)
    }

    @Test("two servers and a slow relay: every message goes out once, with its own Message-ID")
    func twoServersSlowRelay() async throws {
        try await withTestApps(count: 2) { apps, clock in
            try await Self.enqueue(12, on: apps[0])
            let relay = RecordingRelay(delayNanoseconds: 150_000_000)
            async let first = Self.delivery(apps[0], relay, clock: clock).deliverDue()
            async let second = Self.delivery(apps[1], relay, clock: clock).deliverDue()
            async let third = Self.delivery(apps[1], relay, clock: clock).deliverDue()
            let sent = try await first + second + third
            let delivered = await relay.delivered
            #expect(sent == 12 && delivered.count == 12, "sent \(sent), relay got \(delivered.count)")
            #expect(Set(delivered.map(\.messageID)).count == 12 && Set(delivered.map(\.recipient)).count == 12)
            #expect(try await OutboxMessage.query(on: apps[0].db).filter(\.$sentAt == nil).count() == 0)
        }
    }

    @Test("a claim outlives a slow send; a server that died mid-send is replaced after the claim, with the same Message-ID")
    func claimsOutliveSends() async throws {
        try await withTestApps(count: 2) { apps, clock in
            try await Self.enqueue(1, on: apps[0])
            let relay = RecordingRelay()
            let dying = Self.delivery(apps[0], relay, clock: clock)
            let claimed = try #require(try await dying.claimNext())
            clock.advance(by: 120)   // a relay answering very slowly
            let other = Self.delivery(apps[1], relay, clock: clock)
            #expect(try await other.claimNext() == nil, "still held by the first server")
            clock.advance(by: MailDelivery.claimSeconds)   // the first server never came back
            let retaken = try #require(try await other.claimNext())
            #expect(try await other.deliver(retaken))
            #expect(await relay.delivered.map(\.messageID) == [dying.messageID(of: claimed)])
            #expect(try await dying.deliver(claimed), "the relay accepts it once more (the documented duplicate)")
            #expect(await relay.delivered.map(\.messageID) == [dying.messageID(of: claimed), dying.messageID(of: claimed)], "same Message-ID both times")
        }
    }

    @Test("a message the relay keeps refusing is retried for the retry period, then waits for staff, who send it again")
    func failedMailReachesStaff() async throws {
        try await withTestApp { app, clock in
            try await Self.enqueue(1, on: app)
            let refusing = RecordingRelay(refuses: true)
            var attempts = 0
            while try await OutboxMessage.query(on: app.db).filter(\.$failedAt != nil).count() == 0 {
                _ = try await Self.delivery(app, refusing, clock: clock).deliverDue()
                attempts += 1
                clock.advance(by: 6 * 3600 + 1)
                #expect(attempts < 40, "still retrying")
                if attempts >= 40 { return }
            }
            let failed = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(failed.attempts >= 10 && failed.lastError?.contains("550") == true)
            #expect(clock.now.timeIntervalSince(failed.createdAt) >= 72 * 3600, "not given up before the retry period")
            #expect(try await Self.delivery(app, refusing, clock: clock).claimNext() == nil, "a failed message is not tried again by itself")

            let support = try await Scenario.staff(app, role: .support)
            let page = try await support.get(SiteRoute.staffFailedMail.path).body.string
            #expect(page.contains("person0@example.test") && page.contains("550 mailbox unavailable"))
            let again = try await support.post(SiteRoute.staffFailedMailSendAgain(failed.id!).path)
            #expect(again.location?.contains("notice=mail_queued_again") == true)
            #expect(try await support.post(SiteRoute.staffFailedMailSendAgain(failed.id!).path).status == .notFound, "queued once")

            let working = RecordingRelay()
            #expect(try await Self.delivery(app, working, clock: clock).deliverDue() == 1)
            #expect(await working.delivered.map(\.recipient) == ["person0@example.test"])
            let after = try await support.get(SiteRoute.staffFailedMail.path).body.string
            #expect(after.contains("id=\"mail-none-failed\""), "\(after)")

            let editor = try await Scenario.staff(app, role: .editor)
            #expect(try await editor.get(SiteRoute.staffFailedMail.path).status == .forbidden)
        }
    }
}
