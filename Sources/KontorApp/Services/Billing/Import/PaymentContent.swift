import Foundation
import KontorDomain

/// What a payment says, as far as two reports under one key must agree to be the same payment: a bank that gives
/// two payments one reference has two payments, not a duplicate. What one report leaves out (a camt.053 listing a
/// payment without its debtor or amount) contradicts nothing.
struct PaymentContent: Sendable {
    var amountMinor: Int64?
    var currency: String
    var bookingDate: String?
    /// The booking time's date as the file wrote it, where the bank's calendar gives another day: payments recorded
    /// before booking times were read on the bank's calendar carry this one (`BankEntry.writtenBookingDate`).
    var writtenBookingDate: String?
    /// As recorded (`BatchImport.storedReference`): compared without spaces and case.
    var reference: String?
    /// The structured reference as written, when the recorded one is another: rows recorded before the named
    /// reference was read from further `Strd` blocks may hold it.
    var writtenReference: String?
    var debtorIBAN: String?
    /// Who paid and what they wrote: two transfers without any reference of the bank's, of one amount on one day, are
    /// two payments when they name two payers or say two things.
    var debtorName: String?
    var message: String?

    init(amountMinor: Int64?, currency: String, bookingDate: String?, reference: String?, debtorIBAN: String?,
         debtorName: String? = nil, message: String? = nil) {
        self.amountMinor = amountMinor
        self.currency = currency
        self.bookingDate = bookingDate
        self.reference = reference
        self.debtorIBAN = debtorIBAN
        self.debtorName = debtorName
        self.message = message
    }

    /// A payment of a file: a detail's own amount, or the entry's for an entry without details.
    init(_ entry: BankEntry, _ transaction: BankTransaction?) {
        let amount = transaction.map(\.amount) ?? entry.amount
        if case .success(let money)? = amount?.money() { amountMinor = money.minorUnits }
        currency = amount?.currencyCode ?? ""
        bookingDate = entry.bookingDate
        writtenBookingDate = entry.writtenBookingDate
        // As the payment's row stores it: a report naming its invoice only in a second `Strd` block, in the message or in
        // the bank's note, compared by its raw first reference, differed from its own row and was booked again.
        reference = BatchImport.storedReference(entry, transaction)
        if let written = transaction?.reference?.limited(to: 40), written != reference { writtenReference = written }
        debtorIBAN = transaction?.debtorIBAN
        debtorName = transaction?.debtorName
        message = transaction?.unstructuredRemittance
    }

    /// Whether it names the payer's account as a row stores it: by an IBAN that checks (`BatchImport` keeps no other).
    /// Checked only where it decides (`BatchImport.completing`), not for every payment read.
    var namesDebtorAccount: Bool { debtorIBAN.flatMap(IBAN.init) != nil }

    /// No fact both name differs.
    func isSameAs(_ other: PaymentContent) -> Bool {
        Self.agree(amountMinor, other.amountMinor) && (currency.isEmpty || other.currency.isEmpty || currency == other.currency)
            && sameDay(as: other) && sameReference(as: other)
            && Self.sameIdentifier(debtorIBAN, other.debtorIBAN)
    }

    private func sameReference(as other: PaymentContent) -> Bool {
        Self.sameIdentifier(reference, other.reference)
            || (writtenReference != nil && Self.sameIdentifier(writtenReference, other.reference))
            || (other.writtenReference != nil && Self.sameIdentifier(reference, other.writtenReference))
    }

    /// The booking days agree: as read, or as one of them was recorded before times were read on the bank's calendar.
    private func sameDay(as other: PaymentContent) -> Bool {
        Self.agree(bookingDate, other.bookingDate)
            || (writtenBookingDate != nil && Self.agree(writtenBookingDate, other.bookingDate))
            || (other.writtenBookingDate != nil && Self.agree(bookingDate, other.writtenBookingDate))
    }

    /// `isSameAs`, and for payments without any reference of the bank's (fingerprints) also the payer and the message:
    /// two such transfers of one amount on one day are two payments when they name two payers or say two things. Not for
    /// a payment the bank gave a reference: two reports of it may write the name differently (`ü` and `ue`), and taking
    /// them for two payments would credit the money twice.
    func isSameTransferAs(_ other: PaymentContent) -> Bool {
        isSameAs(other) && Self.sameText(debtorName, other.debtorName) && Self.sameText(message, other.message)
    }

    /// Free text two reports may write differently: compared by letters and digits only, ignoring case, and one may be
    /// the other cut short (a report, or the stored row, keeps only the first 140 characters).
    private static func sameText(_ one: String?, _ other: String?) -> Bool {
        guard let one, let other, one != other else { return true }
        let (a, b) = (comparable(one), comparable(other))
        guard !a.isEmpty, !b.isEmpty else { return true }
        return a.count <= b.count ? b.starts(with: a) : a.starts(with: b)
    }

    private static func comparable(_ text: String) -> [Character] {
        text.lowercased().filter { $0.isLetter || $0.isNumber }.map { $0 }
    }

    private static func agree<Value: Equatable>(_ one: Value?, _ other: Value?) -> Bool {
        guard let one, let other else { return true }
        return one == other
    }

    private static func sameIdentifier(_ one: String?, _ other: String?) -> Bool {
        guard let one, let other, one != other else { return true }
        return StatementAccount.compact(one) == StatementAccount.compact(other)
    }
}

/// A payment recorded under a key the import looks up: what it said, and whether it can still be completed.
struct RecordedPayment: Sendable {
    let id: UUID
    let isReversal: Bool
    /// Recorded without its amount (`amount_missing`).
    let isAmountMissing: Bool
    /// Parked because its batch could not be held against its booking (`details_unverifiable`).
    var isUnverified = false
    /// Waiting for staff as nobody's money (`unidentified`, no flag).
    var isUnidentified = false
    let assignment: String?
    let content: PaymentContent
    /// `entry_reference`: the bank's reference of the booking it was part of.
    var entryReference: String? = nil
}
