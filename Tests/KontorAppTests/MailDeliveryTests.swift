import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMail
import Testing
import Vapor

/// A real SMTP server for the tests: Debian's aiosmtpd writing a Maildir.
final class TestSMTPServer: @unchecked Sendable {
    let port: Int
    let maildir: URL
    private let process: Process

    init() throws {
        port = Int.random(in: 30000...39999)
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-maildir-\(UUID().uuidString)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        // Not the test runner's pipes: a server left holding them would keep `swift test` waiting for ever.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Runs `body` with a fresh server and always stops it afterwards (a deinit is not guaranteed to run at exit).
    static func with(_ body: (TestSMTPServer) async throws -> Void) async throws {
        let server = try TestSMTPServer()
        do {
            try await server.waitUntilReady()
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Stops the server with SIGKILL: started from the test runner's threads it inherits a signal mask that makes
    /// it ignore SIGTERM and SIGINT. Polls instead of `waitUntilExit`, which blocks a cooperative thread.
    func stop() async {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<50 where process.isRunning { try? await Task.sleep(nanoseconds: 20_000_000) }
        try? FileManager.default.removeItem(at: maildir)
    }

    /// The raw messages received so far.
    func messages() -> [String] {
        let folder = maildir.appendingPathComponent("new")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    /// Waits until the server accepts connections.
    func waitUntilReady() async throws {
        for _ in 0..<100 {
            if (try? await SMTPClient(configuration: .init(host: "127.0.0.1", port: port, timeoutSeconds: 1))
                .send(MailMessage(from: "probe@kontor.test", to: "probe@kontor.test", subject: "probe", textBody: "probe"), messageID: "probe@kontor.test")) != nil {
                return
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        Issue.record("aiosmtpd did not start on port \(port)")
    }
}

@Suite("E-mail through the outbox and a real SMTP server")
struct MailDeliveryTests {
    @Test("a confirmation e-mail reaches the SMTP server in the user's language, text and HTML")
    func deliversOverSMTP() async throws {
        try await TestSMTPServer.with { (server: TestSMTPServer) async throws in try await withTestApp { app, _ in
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Ana", "email": "ana@example.test", "password": Scenario.password, "language": "es"])
            let link = try #require(try await OutboxMessage.query(on: app.db).first()?.textBody
                .split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http") }.map(String.init))
            let token = try #require(link.split(separator: "/").last.map(String.init))
            let delivery = MailDelivery(database: app.db, transport: SMTPTransport(client: SMTPClient(configuration: .init(host: "127.0.0.1", port: server.port))),
                                        from: "Kontor <no-reply@kontor.test>", now: { Date() }, logger: app.logger)
            #expect(try await delivery.deliverDue() == 1)
            let message = try #require(server.messages().first { $0.contains("To: ana@example.test") })
            let textPart = message.components(separatedBy: "Content-Transfer-Encoding: base64").dropFirst().first?
                .components(separatedBy: "--kontor").first?.filter { !$0.isWhitespace } ?? ""
            #expect(String(decoding: Data(base64Encoded: textPart) ?? Data(), as: UTF8.self).contains(token), "the link went out whole")
            let kept = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(!kept.textBody.contains(token) && !(kept.htmlBody ?? "").contains(token), "the outbox no longer holds the link's secret")
            #expect(kept.textBody.contains(SentLinkRedaction.replacement))
            #expect(message.contains("multipart/alternative"))
            #expect(message.contains("Subject: =?UTF-8?B?"))
            let spanishSubject = app.kontor.localizer.text("mail.verify.subject", .es)
            #expect(message.contains(Data(spanishSubject.utf8).base64EncodedString()))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$sentAt == nil).count() == 0)
        } }
    }

    @Test("an address at an international domain is delivered, its domain in the ASCII form relays without SMTPUTF8 take")
    func internationalDomain() async throws {
        try await TestSMTPServer.with { (server: TestSMTPServer) async throws in try await withTestApp { app, _ in
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Anna", "email": "anna@b\u{FC}cher.example", "password": Scenario.password, "language": "de"])
            let delivery = MailDelivery(database: app.db, transport: SMTPTransport(client: SMTPClient(configuration: .init(host: "127.0.0.1", port: server.port))),
                                        from: "Kontor <no-reply@kontor.test>", now: { Date() }, logger: app.logger)
            #expect(try await delivery.deliverDue() == 1)
            #expect(server.messages().contains { $0.contains("To: anna@xn--bcher-kva.example") }, "\(server.messages().count) received")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$sentAt == nil).count() == 0)
        } }
        #expect(MailAddress.ascii("Kontor <no-reply@kontor.test>") == "Kontor <no-reply@kontor.test>")
        #expect(MailAddress.ascii("Anna <anna@b\u{FC}cher.example>") == "Anna <anna@xn--bcher-kva.example>")
    }

    @Test("while the SMTP server is down nothing is lost: the message waits and is retried later")
    func retriesWithBackoff() async throws {
        try await withTestApp { app, clock in
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Ana", "email": "ana@example.test", "password": Scenario.password, "language": "en"])
            let down = MailDelivery(database: app.db, transport: SMTPTransport(client: SMTPClient(configuration: .init(host: "127.0.0.1", port: 1, timeoutSeconds: 2))),
                                    from: "kontor@kontor.test", now: { clock.now }, logger: app.logger)
            #expect(try await down.deliverDue() == 0)
            let waiting = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(waiting.attempts == 1 && waiting.sentAt == nil && waiting.lastError != nil)
            #expect(try await down.deliverDue() == 0)
            #expect(try await OutboxMessage.query(on: app.db).first()?.attempts == 1, "retried before its backoff")

            try await TestSMTPServer.with { (server: TestSMTPServer) async throws in
                clock.advance(by: 31)
                let up = MailDelivery(database: app.db, transport: SMTPTransport(client: SMTPClient(configuration: .init(host: "127.0.0.1", port: server.port))),
                                      from: "kontor@kontor.test", now: { clock.now }, logger: app.logger)
                #expect(try await up.deliverDue() == 1)
                #expect(server.messages().contains { $0.contains("To: ana@example.test") })
            }
        }
    }

    @Test("only one server holds the delivery lease at a time")
    func lease() async throws {
        try await withTestApp { app, clock in
            let first = JobLease(database: app.db, name: "mail-delivery", holder: "a")
            let second = JobLease(database: app.db, name: "mail-delivery", holder: "b")
            let firstTakes = try await first.acquire(for: 30, now: clock.now)
            let secondWaits = try await second.acquire(for: 30, now: clock.now)
            let firstRenews = try await first.acquire(for: 30, now: clock.now)
            clock.advance(by: 31)
            let secondTakesOver = try await second.acquire(for: 30, now: clock.now)
            #expect(firstTakes && !secondWaits && firstRenews && secondTakesOver)
        }
    }
}
