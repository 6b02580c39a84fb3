import Fluent
import Foundation
import KontorDomain
import SQLKit

/// The reminder e-mail, in the invoice's language. It states what a fraudster would not know — customer number,
/// invoice number, exact amount — and the day up to which payments were counted; it carries the invoice with its
/// QR-bill (the invoice's own reference, so a payment from an old slip still matches) and no link at all: the
/// customer checks it in the console, where every reminder sent is listed (payments.md, "Against phishing").
struct ReminderMail: Sendable {
    let composer: MailComposer
    let localizer: Localizer
    let config: BillingConfiguration

    /// What a reminder says about its invoice: facts fixed at issue, plus the open amount the reminder records.
    struct InvoiceFacts: Sendable {
        let id: UUID
        let number: String
        let customerNumber: Int64
        let language: Language
        let open: Money
        let issuedOn: String
        let dueOn: String
        let reference: String?
    }

    func feeLine(number: String, language: Language) -> String {
        localizer.text("mail.reminder.fee_line", language, ["number": number])
    }

    /// The message for one invoice and recipient. `templates` keeps each (language, step, fee) rendered once with
    /// markers in place of the values, so a run over 100,000 invoices fills in values instead of composing mail.
    /// `isOrder`: the invoice of an order awaiting payment, whose final notice warns that the order will be cancelled.
    /// `balance`: a prepaid balance that covers part of the invoice: the reminder states it and what is still due after it.
    /// `sentOn`: the day it is sent, from which a final notice counts the week before the suspension.
    func message(to recipient: String, invoice: InvoiceFacts, step: DunningLadder.Step, paymentsUntil: String, fee: Money?, isOrder: Bool = false,
                 balance: Money? = nil, sentOn: String? = nil, templates: inout MailTemplateSet) -> TemplatedMail.Message {
        let language = invoice.language
        let values = self.values(of: invoice, paymentsUntil: paymentsUntil, fee: fee, balance: balance, sentOn: sentOn)
        return templates.message("\(language.rawValue)|\(step.rawValue)|\(fee != nil)|\(isOrder)|\(balance != nil)", to: recipient, values: values,
                                 attachment: MailAttachmentReference.invoicePDF(invoice.id).text) { arguments in
            compose(language: language, step: step, hasFee: fee != nil, isOrder: isOrder, hasBalance: balance != nil, arguments: arguments)
        }
    }

    /// The e-mail saying the prepaid balance covers an overdue invoice and how to pay it from there: sent once, instead
    /// of a reminder, with no fee.
    func balanceCoversMessage(to recipient: String, invoice: InvoiceFacts, balance: Money, templates: inout MailTemplateSet) -> TemplatedMail.Message {
        let language = invoice.language
        return templates.message("\(language.rawValue)|balance_covers", to: recipient,
                                 values: values(of: invoice, paymentsUntil: invoice.dueOn, fee: nil, balance: balance),
                                 attachment: MailAttachmentReference.invoicePDF(invoice.id).text) { arguments in
            composer.compose(language: language, subjectKey: "mail.reminder.balance_covers.subject",
                             paragraphs: ["mail.reminder.balance_covers.intro", "mail.reminder.balance_covers.how", "mail.billing.no_links"],
                             action: nil, arguments: arguments)
        }
    }

    /// The e-mail saying an order was cancelled because its invoice was still unpaid at the ladder's last step.
    func orderCancelledMessage(to recipient: String, invoice: InvoiceFacts, templates: inout MailTemplateSet) -> TemplatedMail.Message {
        let language = invoice.language
        return templates.message("\(language.rawValue)|order_cancelled", to: recipient, values: values(of: invoice, paymentsUntil: invoice.dueOn, fee: nil, balance: nil),
                                 attachment: MailAttachmentReference.invoicePDF(invoice.id).text) { arguments in
            composer.compose(language: language, subjectKey: "mail.reminder.order_cancelled.subject",
                             paragraphs: ["mail.reminder.order_cancelled.intro", "mail.reminder.order_cancelled.again"], action: nil, arguments: arguments)
        }
    }

    /// The values in `ReminderMailTemplates.names` order.
    private func values(of invoice: InvoiceFacts, paymentsUntil: String, fee: Money?, balance: Money?, sentOn: String? = nil) -> [String] {
        let language = invoice.language
        // The ladder's day, or a week (the ladder's gap) after a final notice sent late: the suspension never comes sooner.
        let onLadder = config.day(invoice.dueOn, plus: config.ladder.days[.suspension]!)
        let suspensionDay = sentOn.map { max(onLadder, config.day($0, plus: config.ladder.suspensionNoticeDays)) } ?? onLadder
        return [
            invoice.number, String(invoice.customerNumber), MoneyFormatting.format(invoice.open, language),
            DayFormatting.format(invoice.issuedOn, language), DayFormatting.format(invoice.dueOn, language),
            DayFormatting.format(paymentsUntil, language), DayFormatting.format(suspensionDay, language),
            fee.map { MoneyFormatting.format($0, language) } ?? "", invoice.reference.flatMap(PaymentReference.init)?.printed ?? "",
            balance.map { MoneyFormatting.format($0, language) } ?? "",
            balance.map { MoneyFormatting.format(Money(minorUnits: max(0, invoice.open.minorUnits - $0.minorUnits), currency: invoice.open.currency), language) } ?? "",
        ]
    }

    /// The reminder composed from the catalog with `arguments` (markers for a template, or the values themselves).
    func compose(language: Language, step: DunningLadder.Step, hasFee: Bool, isOrder: Bool = false, hasBalance: Bool = false,
                 arguments: [String: String]) -> (subject: String, text: String, html: String) {
        let stepKey = switch step {
        case .reminder1: "first"
        case .reminder2: "second"
        case .finalNotice: "final"
        case .suspension: "suspension"
        }
        var paragraphs = ["mail.reminder.\(stepKey).intro", "mail.reminder.counted", "mail.reminder.how_to_pay"]
        if hasFee { paragraphs.insert("mail.reminder.fee", at: 1) }
        if hasBalance { paragraphs.insert("mail.reminder.balance_partial", at: 1) }
        if step == .finalNotice { paragraphs.insert(isOrder ? "mail.reminder.final.order_warning" : "mail.reminder.final.warning", at: 1) }
        paragraphs += ["mail.reminder.already_paid", "mail.billing.no_links"]
        let subjectKey = step == .finalNotice && isOrder ? "mail.reminder.final.order_subject" : "mail.reminder.\(stepKey).subject"
        return composer.compose(language: language, subjectKey: subjectKey, paragraphs: paragraphs, action: nil, arguments: arguments)
    }
}
