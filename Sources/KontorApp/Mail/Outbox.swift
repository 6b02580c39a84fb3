import Fluent
import Foundation
import KontorDomain
import Vapor

/// Queues e-mail in the database. Call it with the same `Database` as the change that causes the e-mail
/// (inside its transaction), so either both are stored or neither.
struct Outbox: Sendable {
    let database: any Database
    let now: Date

    /// `attachment` names a file made at delivery time (`MailAttachmentReference.text`).
    func enqueue(to recipient: String, subject: String, text: String, html: String?, headers: [String: String] = [:],
                 attachment: String? = nil) async throws {
        let message = OutboxMessage()
        message.recipient = recipient
        message.subject = subject
        message.textBody = text
        message.htmlBody = html
        message.headersJSON = String(decoding: try JSONEncoder().encode(headers), as: UTF8.self)
        message.createdAt = now
        message.attempts = 0
        message.nextAttemptAt = now
        message.attachment = attachment
        try await message.create(on: database)
    }
}

/// The e-mails Kontor writes, in the recipient's language, as plain text and HTML.
struct MailComposer: Sendable {
    let localizer: Localizer
    let providerName: String

    /// A message made of a greeting, paragraphs, one call-to-action link and a closing line.
    func compose(language: Language, subjectKey: String, paragraphs: [String], action: (label: String, url: String)?,
                 arguments: [String: String]) -> (subject: String, text: String, html: String) {
        var arguments = arguments
        arguments["provider"] = providerName
        let subject = localizer.text(subjectKey, language, arguments)
        let body = paragraphs.map { localizer.text($0, language, arguments) }
        let closing = localizer.text("mail.closing", language, arguments)
        var text = body.joined(separator: "\n\n")
        if let action { text += "\n\n\(action.label):\n\(action.url)" }
        text += "\n\n\(closing)\n"
        var html = "<!doctype html><html lang=\"\(language.rawValue)\"><body style=\"font-family:sans-serif;line-height:1.5;color:#1f2933\">"
        html += body.map { "<p>\(escape($0))</p>" }.joined()
        if let action {
            html += "<p><a href=\"\(escape(action.url))\" style=\"background:#0b5cad;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">\(escape(action.label))</a></p>"
            html += "<p style=\"font-size:13px;color:#52606d\">\(escape(action.url))</p>"
        }
        html += "<p>\(escape(closing))</p></body></html>"
        return (subject, text, html)
    }

    private func escape(_ text: String) -> String { XML.escape(text) }
}

extension Application {
    var mailComposer: MailComposer { MailComposer(localizer: kontor.localizer, providerName: kontor.config.providerName) }
}

extension Request {
    var mailComposer: MailComposer { application.mailComposer }
}

extension Request {
    /// Queues a message to `user` in their language, greeted by name: the shape of every account notice
    /// (second factors, phone, identity checks). `paragraphs` are catalog keys after the greeting.
    func mail(_ user: User, subjectKey: String, paragraphs: [String], arguments: [String: String] = [:], on database: any Database) async throws {
        try await mailComposer.notice(to: user, defaultLanguage: kontor.config.defaultLanguage, subjectKey: subjectKey, paragraphs: paragraphs,
                                      arguments: arguments, outbox: Outbox(database: database, now: now))
    }
}

extension MailComposer {
    /// An account notice to `user` in their language, greeted by name (`Request.mail`'s shape), for work that runs
    /// without a request: housekeeping.
    func notice(to user: User, defaultLanguage: Language, subjectKey: String, paragraphs: [String], arguments: [String: String] = [:],
                outbox: Outbox) async throws {
        let language = Language(rawValue: user.language) ?? defaultLanguage
        let mail = compose(language: language, subjectKey: subjectKey, paragraphs: ["mail.greeting"] + paragraphs,
                           action: nil, arguments: arguments.merging(["name": user.name]) { own, _ in own })
        try await outbox.enqueue(to: user.email, subject: mail.subject, text: mail.text, html: mail.html)
    }
}

extension Request {
    /// Queues a message to a member of staff, greeted by name, in the provider's language (staff have no language of
    /// their own): notices about their account that someone else, or a stolen session, may have caused.
    func mail(staff member: StaffMember, subjectKey: String, paragraphs: [String], arguments: [String: String] = [:],
              on database: any Database) async throws {
        let mail = mailComposer.compose(language: kontor.config.defaultLanguage, subjectKey: subjectKey, paragraphs: ["mail.greeting"] + paragraphs,
                                        action: nil, arguments: arguments.merging(["name": member.name]) { own, _ in own })
        try await Outbox(database: database, now: now).enqueue(to: member.email, subject: mail.subject, text: mail.text, html: mail.html)
    }
}
