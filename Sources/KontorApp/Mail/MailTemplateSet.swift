import KontorDomain

/// E-mails of one kind rendered once per variant (language, step, …) with a marker where each named value goes
/// (`MailTemplate`). A run that writes 100,000 of them (reminders, renewal invoices) fills in values instead of
/// composing each message from the catalog, and the outbox stores a template id and the values.
struct MailTemplateSet {
    /// The placeholders of the catalog's texts, in the order the values are given to `message`.
    let names: [String]
    private var cache: [String: (template: MailTemplate, subject: MailTemplate.Pieces)] = [:]

    init(names: [String]) { self.names = names }

    /// The template for `variant`, and its subject split for filling in at once (the outbox row keeps the subject for
    /// staff pages); `compose` renders it once, from arguments that are markers.
    mutating func template(_ variant: String, compose: ([String: String]) -> (subject: String, text: String, html: String))
        -> (template: MailTemplate, subject: MailTemplate.Pieces) {
        if let cached = cache[variant] { return cached }
        var markers: [String: String] = [:]
        for (index, name) in names.enumerated() { markers[name] = MailTemplate.marker(index) }
        let mail = compose(markers)
        let entry = (template: MailTemplate(subject: mail.subject, text: mail.text, html: mail.html), subject: MailTemplate.Pieces(mail.subject))
        cache[variant] = entry
        return entry
    }

    /// One message of `variant` to `recipient`; `values` follow `names`.
    mutating func message(_ variant: String, to recipient: String, values: [String], attachment: String? = nil,
                          compose: ([String: String]) -> (subject: String, text: String, html: String)) -> TemplatedMail.Message {
        let (template, subject) = template(variant, compose: compose)
        return TemplatedMail.Message(recipient: recipient, subject: subject.filled(with: values), template: template, values: values,
                                     attachment: attachment)
    }
}
