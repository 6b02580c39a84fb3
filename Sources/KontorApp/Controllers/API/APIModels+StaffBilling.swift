import Foundation
import KontorDomain
import Vapor

/// The staff API's JSON shapes. Inputs are all optional so that a missing field is a 422 naming it, not a 400;
/// money is `{"amountMinor", "currency"}` as everywhere in the API.
extension APIModels {
    struct AmountInput: Content {
        var amountMinor: Int64?
        var currency: String?
    }
    struct StaffInvoiceLine: Content {
        var description: String?
        /// Default 1.
        var quantity: Int64?
        var unitPrice: AmountInput?
        /// `standard` (default), `reduced`, `accommodation` or `none`: the configured rates, as on the staff page.
        var vat: String?
    }
    /// The organization by its customer number or its ID (both may be given if they name the same one).
    struct StaffInvoiceRequest: Content {
        var customerNumber: Int64?
        var organizationId: UUID?
        var currency: String?
        var lines: [StaffInvoiceLine]?
        var note: String?
    }
    struct StaffCreditNoteRequest: Content {
        var lines: [StaffInvoiceLine]?
        var note: String?
    }
    struct StaffAssignmentRequest: Content {
        var customerNumber: Int64?
        var organizationId: UUID?
    }
    /// What an import did, as the staff page's summary shows it.
    struct StatementSummary: Content {
        let importId: UUID?
        let fileName: String
        let kind: String
        let version: String
        let messageId: String
        let transactions: Int
        let settled: Int
        let prepaid: Int
        let unidentified: Int
        let flagged: Int
        let duplicates: Int
        let ignored: Int
        let reversals: Int
        let received: [Amount]
        let latestBookingDate: String?
        /// When these exact bytes were imported before (nothing changed this time), and under which file name.
        let sameFileImportedAt: Date?
        let sameFileName: String?
        /// For a camt.053: the statements still missing from its accounts (`StatementNumbers`); empty otherwise.
        let missingStatements: [MissingStatement]
    }
    /// Statements the bank numbered (`ElctrncSeqNb`) that never arrived: reminders of `currency` (of every currency when
    /// nil) wait until they are imported or staff confirm the bank never issued them.
    struct MissingStatement: Content {
        let account: String
        let currency: String?
        let first: Int64
        let last: Int64
        /// The days of the statements before and after the missing ones.
        let afterDay: String
        let beforeDay: String
        /// For a statement that arrived without some of its pages: the pages known missing, and, when no page imported
        /// is marked the last, the highest page imported (those after it may be missing).
        let missingPages: [Int]?
        let pagesAfter: Int?
        let message: String
    }
    struct MissingStatements: Content {
        let items: [MissingStatement]
    }
    struct NeverIssuedRequest: Content {
        var account: String?
        var first: Int64?
        var last: Int64?
    }
    /// A statement upload whose import is running, done (with the same summary the upload answers) or failed (why).
    struct StatementImportStatus: Content {
        struct Failure: Content {
            let code: String
            let message: String
        }
        let id: UUID
        /// `running`, `done` or `failed`.
        let state: String
        let fileName: String
        /// Transactions read so far (the whole file's once done).
        let transactionsRead: Int
        let startedAt: Date
        let finishedAt: Date?
        let summary: StatementSummary?
        let error: Failure?
    }
    struct UnidentifiedPayment: Content {
        let id: UUID
        let bookedOn: String?
        /// Nil for a flagged amount finer than its currency allows (see `amountText`); such a payment can only be refunded.
        let amount: Amount?
        let amountText: String
        let currency: String
        let debtorName: String?
        let debtorIban: String?
        let reference: String?
        let message: String?
        let flag: String?
        let canAssign: Bool
        /// True for a line that is nobody's money (the bank's own booking, a debit inside a credit booking): it can be closed.
        let canClose: Bool
        /// Nil while waiting; `organization` or `refund` once decided, `refunded` once the refund is recorded as executed.
        let assignment: String?
        let organizationId: UUID?
    }
    struct UnidentifiedPayments: Content {
        let items: [UnidentifiedPayment]
        let limit: Int
        let offset: Int
    }
    /// A payment marked for refund: whom to pay back, and who marked it when.
    struct RefundToExecute: Content {
        let id: UUID
        let bookedOn: String?
        let amount: Amount?
        let amountText: String
        let currency: String
        let debtorName: String?
        let debtorIban: String?
        let reference: String?
        let message: String?
        let markedByStaffId: UUID?
        let markedByName: String?
        let markedAt: Date?
        /// True once staff recorded that the money went back.
        let refunded: Bool
    }
    struct RefundsToExecute: Content {
        let items: [RefundToExecute]
        let limit: Int
        let offset: Int
    }
    /// A returned payment Kontor could not compensate by itself (`flag` says why).
    struct ReturnToCheck: Content {
        let id: UUID
        let bookedOn: String?
        let amount: Amount?
        let amountText: String
        let currency: String
        let debtorName: String?
        let debtorIban: String?
        let reference: String?
        let flag: String?
        /// The customer whose payment it returns, when Kontor knows.
        let organizationId: UUID?
        let handled: Bool
    }
    struct ReturnsToCheck: Content {
        let items: [ReturnToCheck]
        let limit: Int
    }
    struct ReminderRunReport: Content {
        let pausedForStaleStatements: Bool
        let lastImport: String?
        let considered: Int
        /// Reminders recorded and mailed by step: `reminder_1`, `reminder_2`, `final_notice`, `suspension`.
        let sent: [String: Int]
        let paidFromBalance: Int
        /// Overdue invoices the prepaid balance covers: no step taken; `balanceNotices` customers told so (once each).
        let coveredByBalance: Int
        let balanceNotices: Int
        let skippedForRecentMoney: Int
        let suspended: Int
        /// Overdue invoices held because their currency's statements are not recent, and those currencies.
        let heldForStaleStatements: Int
        let staleCurrencies: [String]
        /// Overdue invoices held because a collective booking of their currency waits for its detail file (camt.054).
        let heldForBookingsAwaitingDetails: Int
        let awaitingDetailsCurrencies: [String]
        /// Overdue invoices held because the bank announced a payment of theirs that is not booked yet (`PDNG`).
        let heldForPendingPayments: Int
        /// Overdue invoices held because a statement of their currency's account never arrived, and those currencies.
        let heldForMissingStatements: Int
        let missingStatementCurrencies: [String]
    }

    static func missingStatement(_ missing: StatementNumbers.Missing, _ language: Language, localizer: Localizer) -> MissingStatement {
        MissingStatement(account: missing.account, currency: missing.currency, first: missing.gap.first, last: missing.gap.last,
                         afterDay: missing.gap.afterDay, beforeDay: missing.gap.beforeDay, missingPages: missing.pages?.pages,
                         pagesAfter: missing.pages?.after, message: missing.text(language, localizer: localizer))
    }

    static func statementSummary(_ summary: BankStatementImporter.Summary, _ language: Language, localizer: Localizer) -> StatementSummary {
        StatementSummary(
            importId: summary.importID, fileName: summary.fileName, kind: summary.kind, version: summary.version, messageId: summary.messageID,
            transactions: summary.transactions, settled: summary.settled, prepaid: summary.prepaid, unidentified: summary.unidentified,
            flagged: summary.flagged, duplicates: summary.duplicates, ignored: summary.ignored, reversals: summary.reversals,
            received: summary.received.sorted { $0.key < $1.key }.compactMap { code, minor in
                Currency(code: code).map { Amount(minor: minor, currency: $0) }
            },
            latestBookingDate: summary.latestBookingDate, sameFileImportedAt: summary.sameFileImportedAt, sameFileName: summary.sameFileName,
            missingStatements: (summary.missingStatements ?? []).map { missingStatement($0, language, localizer: localizer) })
    }

    static func statementImportStatus(_ status: StatementImportJobs.Status, _ language: Language, localizer: Localizer) -> StatementImportStatus {
        StatementImportStatus(id: status.id, state: status.state.rawValue, fileName: status.fileName, transactionsRead: status.transactionsRead,
                              startedAt: status.startedAt, finishedAt: status.finishedAt,
                              summary: status.summary.map { statementSummary($0, language, localizer: localizer) },
                              error: status.failure.map { .init(code: $0.code, message: $0.message(language, localizer: localizer)) })
    }

    static func unidentifiedPayment(_ payment: BankPayment) -> UnidentifiedPayment {
        UnidentifiedPayment(
            id: payment.id!, bookedOn: payment.bookingDate,
            amount: bookedAmount(payment),
            amountText: payment.amountText, currency: payment.currencyCode, debtorName: payment.debtorName, debtorIban: payment.debtorIBAN,
            reference: payment.reference, message: payment.message, flag: payment.flag, canAssign: payment.canBeCredited, canClose: payment.canBeClosed,
            assignment: payment.assignment, organizationId: payment.assignment == "organization" ? payment.organizationID : nil)
    }

    /// A bank payment's amount when it is exact in a known currency; nil for one flagged for its amount or currency.
    static func bookedAmount(_ payment: BankPayment) -> Amount? {
        payment.amountMinor.flatMap { minor in Currency(code: payment.currencyCode).map { Amount(minor: minor, currency: $0) } }
    }

    static func refundToExecute(_ payment: BankPayment, names: [UUID: String]) -> RefundToExecute {
        RefundToExecute(
            id: payment.id!, bookedOn: payment.bookingDate, amount: bookedAmount(payment), amountText: payment.amountText,
            currency: payment.currencyCode, debtorName: payment.debtorName, debtorIban: payment.debtorIBAN, reference: payment.reference,
            message: payment.message, markedByStaffId: payment.assignedByStaffID, markedByName: payment.assignedByStaffID.flatMap { names[$0] },
            markedAt: payment.assignedAt, refunded: payment.assignment == BankPayment.refundedAssignment)
    }

    static func returnToCheck(_ payment: BankPayment) -> ReturnToCheck {
        ReturnToCheck(
            id: payment.id!, bookedOn: payment.bookingDate,
            amount: bookedAmount(payment),
            amountText: payment.amountText, currency: payment.currencyCode, debtorName: payment.debtorName, debtorIban: payment.debtorIBAN,
            reference: payment.reference, flag: payment.flag, organizationId: payment.organizationID,
            handled: payment.assignment == BankPayment.handledAssignment)
    }

    static func reminderRunReport(_ report: ReminderRun.Report) -> ReminderRunReport {
        ReminderRunReport(
            pausedForStaleStatements: report.pausedForStaleStatements, lastImport: report.paymentsCountedUntil, considered: report.considered,
            sent: Dictionary(uniqueKeysWithValues: DunningLadder.Step.allCases.map { ($0.apiName, report.sent[$0] ?? 0) }),
            paidFromBalance: report.paidFromBalance, coveredByBalance: report.coveredByBalance, balanceNotices: report.balanceNotices,
            skippedForRecentMoney: report.skippedForRecentMoney, suspended: report.suspended,
            heldForStaleStatements: report.heldForStaleStatements, staleCurrencies: report.staleCurrencies.sorted(),
            heldForBookingsAwaitingDetails: report.heldForBookingsAwaitingDetails, awaitingDetailsCurrencies: report.awaitingDetailsCurrencies.sorted(),
            heldForPendingPayments: report.heldForPendingPayments,
            heldForMissingStatements: report.heldForMissingStatements, missingStatementCurrencies: report.missingStatementCurrencies.sorted())
    }
}

extension DunningLadder.Step {
    /// The step as the API names it (`GET …/reminders` uses the same words).
    var apiName: String {
        switch self {
        case .reminder1: "reminder_1"
        case .reminder2: "reminder_2"
        case .finalNotice: "final_notice"
        case .suspension: "suspension"
        }
    }
}
