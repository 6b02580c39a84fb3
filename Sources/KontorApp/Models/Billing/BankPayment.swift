import Fluent
import Foundation
import KontorDomain

/// One statement import: what file, who, and what became of its payments.
final class BankStatementImport: Model, @unchecked Sendable {
    static let schema = "bank_statement_imports"

    @ID(key: .id) var id: UUID?
    @Field(key: "file_name") var fileName: String
    @Field(key: "message_id") var messageID: String
    @Field(key: "kind") var kind: String
    @Field(key: "version") var version: String
    @Field(key: "imported_at") var importedAt: Date
    /// The provider's calendar day of the import: reminders count payments "received up to" it.
    @Field(key: "imported_on") var importedOn: String
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "transactions") var transactions: Int
    @Field(key: "settled") var settled: Int
    @Field(key: "prepaid") var prepaid: Int
    @Field(key: "unidentified") var unidentified: Int
    @Field(key: "duplicates") var duplicates: Int
    @Field(key: "flagged") var flagged: Int
    @Field(key: "ignored") var ignored: Int
    @Field(key: "reversals") var reversals: Int
    @OptionalField(key: "latest_booking_date") var latestBookingDate: String?
    /// SHA-256 of the file's bytes (hex): the same file imported again is recognised without reading it (M037).
    @OptionalField(key: "file_sha256") var fileSHA256: String?
    /// The day the file reports payments up to (`StatementCoverage`, M057): its own date, not the upload day. Nil
    /// for a file that tells no day; such a file never makes statements look recent.
    @OptionalField(key: "covers_until") var coversUntil: String?
    /// The currency of the account the file reports (M086); nil when it names several, none, or it was imported before.
    @OptionalField(key: "currency") var currency: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $fileName, $messageID, $kind, $version, $importedAt, $importedOn, $staffID, $transactions, $settled, $prepaid,
            $unidentified, $duplicates, $flagged, $ignored, $reversals, $latestBookingDate, $fileSHA256, $coversUntil, $currency
        ]
    }

    init() {}
}

/// A payment as the bank reported it, recorded once and never changed — except that staff may assign an
/// unidentified one to an organization or mark it for refund (`assignment`, audited).
final class BankPayment: Model, @unchecked Sendable {
    static let schema = "bank_payments"

    enum Outcome: String, Sendable {
        /// Paid an invoice in full (right reference, currency and amount).
        case settled
        /// Credited to an organization's prepaid account.
        case prepaid
        /// No organization could be told from it: waits for staff.
        case unidentified
        /// An amount finer than its currency allows, or a currency Kontor does not know: waits for staff, nothing booked.
        case flagged
        /// A reversal or returned payment, compensating the payment it reverses.
        case reversal
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "dedupe_key") var dedupeKey: String
    @Parent(key: "import_id") var statementImport: BankStatementImport
    @OptionalField(key: "account_iban") var accountIBAN: String?
    @Field(key: "currency") var currencyCode: String
    @OptionalField(key: "amount_minor") var amountMinor: Int64?
    @Field(key: "amount_text") var amountText: String
    @Field(key: "is_reversal") var isReversal: Bool
    @OptionalField(key: "booking_date") var bookingDate: String?
    @OptionalField(key: "value_date") var valueDate: String?
    @OptionalField(key: "reference") var reference: String?
    @OptionalField(key: "debtor_name") var debtorName: String?
    @OptionalField(key: "debtor_iban") var debtorIBAN: String?
    @OptionalField(key: "message") var message: String?
    @OptionalField(key: "bank_reference") var bankReference: String?
    /// `Ntry/AcctSvcrRef` and `TxDtls/Refs/AcctSvcrRef` apart, and the whole booking's amount (M071): what tells two
    /// payments of one amount and day apart when a camt.053 and a camt.054 report them (`StatementOverlap`).
    @OptionalField(key: "entry_reference") var entryReference: String?
    @OptionalField(key: "transaction_reference") var transactionReference: String?
    @OptionalField(key: "booking_amount_minor") var bookingAmountMinor: Int64?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "flag") var flag: String?
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @OptionalField(key: "invoice_id") var invoiceID: UUID?
    @OptionalField(key: "reverses_payment_id") var reversesPaymentID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "assigned_by_staff_id") var assignedByStaffID: UUID?
    @OptionalField(key: "assigned_at") var assignedAt: Date?
    /// `organization` (credited to `organizationID`), `refund` (to be paid back), `refunded`, `returned` or `handled`.
    @OptionalField(key: "assignment") var assignment: String?

    /// Why a payment can only be refunded, never credited to a customer: no invoice can be paid in its currency, its
    /// amount is beyond any real payment (`BatchImport.refusal`), or it is a debit listed inside a credit booking: money
    /// that left the account, which credited to a customer would be money that never arrived, or the bank's own booking
    /// (its interest: `bank_booking`), which is nobody's payment (bank probe round 3).
    static let refundOnlyFlags = ["currency_not_accepted", "amount_too_large", "direction_contradicts_entry", "bank_booking"]

    /// Lines that are nobody's payment, so neither crediting nor refunding fits: the bank's own booking (its interest)
    /// and a debit listed inside a credit booking (money that left the account). Staff close them (`closedAssignment`).
    /// A collective booking still waiting for its details (`awaitingDetailsFlag`) is closed when its detail file was booked
    /// in a way Kontor could not tie to it (without the booking reference).
    /// A booking a file reported again on its day under its references but saying otherwise (`reportedDifferentlyFlag`)
    /// is closed when it is the first report, corrected or mistaken, and no new money; so is a payment of a statement
    /// imported before that its earlier import did not record (`statement_imported_before`) when it is no new money.
    static let closableFlags = ["bank_booking", "direction_contradicts_entry", awaitingDetailsFlag, reportedDifferentlyFlag, BatchImport.copiedStatementFlag]

    /// Staff may close it as no customer's money (`closableFlags`).
    var canBeClosed: Bool { Self.closableFlags.contains(flag ?? "") }

    /// Staff may credit it to a customer: its amount is exact and in a currency invoices are paid in.
    var canBeCredited: Bool {
        amountMinor != nil && Currency(code: currencyCode) != nil && !Self.refundOnlyFlags.contains(flag ?? "")
            && flag != Self.awaitingDetailsFlag   // the sum of many payers' payments, each booked from the detail file
    }

    /// Staff may mark it to be paid back: not a collective booking waiting for its details, the sum of many payers' payments.
    var canBeRefunded: Bool { flag != Self.awaitingDetailsFlag }

    /// `assignment` of a payment staff marked to be paid back: listed as a refund to execute until the refund is recorded.
    static let refundAssignment = "refund"
    /// `assignment` of a payment whose refund staff recorded as executed.
    static let refundedAssignment = "refunded"
    /// `assignment` of a payment the bank sent back while it waited in the staff queue: decided by the return.
    static let returnedAssignment = "returned"
    /// `assignment` of a payment recorded without its amount (`amount_missing`), or without anything naming its payer
    /// (a camt.053 line without details), that a later report of it completed: that report's payment, recorded under
    /// this one's key + `|completed`, is the one booked.
    static let completedAssignment = "completed"
    /// `assignment` of a line staff closed as no customer's money (`closableFlags`): the provider's own, kept.
    static let closedAssignment = "closed"
    /// `assignment` of a flagged return a staff member has dealt with.
    static let handledAssignment = "handled"
    /// `assignment` of a statement line of a collective booking's whole amount whose payments a file of the other kind
    /// listed and booked one by one: decided by that import, so it is never credited beside them.
    static let listedInDetailAssignment = "listed_in_detail"
    /// `flag` of a camt.053 collective booking listed without its payments: recorded, never credited, until the camt.054
    /// lists them (it then takes `listedInDetailAssignment`); while it waits, no reminder of its currency goes out.
    static let awaitingDetailsFlag = "batch_awaiting_details"
    /// `flag` of a payment whose bank references (the booking's and the payment's) and booking day a file recorded
    /// before with other details (amount, reference, payer): the same booking re-sent corrected, or by mistake. Never
    /// credited on its own: it had credited the money a second time, or paid another customer with the same booking
    /// (bank probe round 8). Staff credit it, pay it back or close it.
    static let reportedDifferentlyFlag = "booking_reported_differently"

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $dedupeKey, $statementImport, $accountIBAN, $currencyCode, $amountMinor, $amountText, $isReversal, $bookingDate,
            $valueDate, $reference, $debtorName, $debtorIBAN, $message, $bankReference, $entryReference, $transactionReference, $bookingAmountMinor, $outcome, $flag, $organizationID, $invoiceID,
            $reversesPaymentID, $createdAt, $assignedByStaffID, $assignedAt, $assignment
        ]
    }

    init() {}
}
