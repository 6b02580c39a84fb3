import KontorDomain

/// Reminder e-mails rendered once per (language, step, fee or not) with a marker where each value goes
/// (`MailTemplateSet`). Composing every message from the catalog (a dozen text replacements per paragraph) was most of
/// a 100,000-invoice run; now a message is a template id and its values, filled in when the outbox sends it.
enum ReminderMailTemplates {
    /// The catalog's placeholders, in the order `ReminderMail.message` passes their values.
    static let names = ["number", "customer", "amount", "issued", "due", "until", "suspension", "fee", "reference", "balance", "due_after"]

    static func set() -> MailTemplateSet { MailTemplateSet(names: names) }
}
