import KontorDomain

/// Reminder e-mails rendered once per (language, step, fee or not) with a marker where each value goes
/// (`MailTemplate`). Composing every message from the catalog (a dozen text replacements per paragraph) was most of
/// a 100,000-invoice run; now a message is a template id and its values, filled in when the outbox sends it.
struct ReminderMailTemplates {
    /// The catalog's placeholders, in the order `ReminderMail.message` passes their values.
    static let names = ["number", "customer", "amount", "issued", "due", "until", "suspension", "fee", "reference"]

    private var cache: [String: (template: MailTemplate, subject: MailTemplate.Pieces)] = [:]

    /// The template for this kind of reminder, and its subject split for filling in at once (the outbox row keeps
    /// the subject for staff pages); `compose` renders it once from arguments that are markers.
    mutating func template(language: Language, step: DunningLadder.Step, hasFee: Bool,
                           compose: ([String: String]) -> (subject: String, text: String, html: String))
        -> (template: MailTemplate, subject: MailTemplate.Pieces) {
        let key = "\(language.rawValue)|\(step.rawValue)|\(hasFee)"
        if let cached = cache[key] { return cached }
        var markers: [String: String] = [:]
        for (index, name) in Self.names.enumerated() { markers[name] = MailTemplate.marker(index) }
        let mail = compose(markers)
        let template = MailTemplate(subject: mail.subject, text: mail.text, html: mail.html)
        let entry = (template: template, subject: MailTemplate.Pieces(mail.subject))
        cache[key] = entry
        return entry
    }
}
