/// One booking line of a statement or notification (`Ntry`), with its transaction details.
///
/// A collective booking (`isCollective`) is one entry for many payments: an importer credits either the entry or
/// its transactions, never both (payments.md).
public struct BankEntry: Sendable, Hashable {
    /// `Acct/Id/IBAN` of the statement or notification the entry belongs to, as written; `Acct/Id/Othr/Id` when it gives no IBAN.
    public let accountIBAN: String?
    /// `Acct/Ccy` of the statement or notification, in capitals, when it states one.
    public let accountCurrency: String?
    /// 1-based position of the entry in the file, counted across all statements: with the file, a stable
    /// fallback key when the bank gives no reference.
    public let position: Int
    /// `Ntry/AcctSvcrRef`: the bank's reference of the booking.
    public let accountServicerReference: String?
    /// The placeholder the bank wrote where it had no reference (`NONREF`), read as none: imports before that rule keyed
    /// payments by it, and an overlapping file must still find those (`BatchImport`).
    public var placeholderReference: String?
    public let amount: BankAmount
    public let creditDebit: CreditDebit
    /// `RvslInd` true: this entry undoes an earlier one (a returned payment is a `DBIT` reversal).
    public let isReversal: Bool
    /// The raw status code: `BOOK`, `PDNG`, `INFO` (`Sts` in .04, `Sts/Cd` in .08). Only `BOOK` moves money.
    public let status: String
    /// `BookgDt/Dt`, or the bank's calendar day of `BookgDt/DtTm` (`CamtValues.day(ofDateTime:in:)`): `YYYY-MM-DD`.
    public let bookingDate: String?
    /// `ValDt/Dt`, or the bank's calendar day of `ValDt/DtTm`: `YYYY-MM-DD`.
    public let valueDate: String?
    /// `NtryDtls/Btch/NbOfTxs`, when the bank states a batch.
    public let batchTransactionCount: Int?
    /// `NtryDtls/TxDtls`, in file order; may be empty (a collective booking whose details come in a camt.054).
    public let transactions: [BankTransaction]
    /// Charges the bank says it took from the amount booked (`Chrgs/Rcrd` with `ChrgInclInd` true, of the booking or
    /// of its payments).
    public let includedCharges: [BankAmount]
    /// `AddtlNtryInf`: what the bank wrote about the booking. Some banks (PostFinance) give an entry without details
    /// and write the payer's reference here.
    public var additionalInformation: String?
    /// The date part of `BookgDt/DtTm` as written, when its instant falls on another day of the bank's calendar
    /// (`2026-12-07T23:40:00Z` is 8 December in Zurich): Kontor recorded that date before it read booking times on the
    /// bank's calendar, and a payment recorded then is still the same payment.
    public var writtenBookingDate: String?
    /// `BkTxCd/Domn`: what the bank says the booking is, when it says it on the ISO code list.
    public var bankTransactionCode: BankTransactionCode?
    /// The numbered statement that reported this entry (camt.053 with `ElctrncSeqNb` or `LglSeqNb`); nil otherwise.
    public var statement: StatementPlace?

    public init(
        accountIBAN: String?, position: Int, accountServicerReference: String?, amount: BankAmount,
        creditDebit: CreditDebit, isReversal: Bool, status: String, bookingDate: String?, valueDate: String?,
        batchTransactionCount: Int?, transactions: [BankTransaction], accountCurrency: String? = nil, includedCharges: [BankAmount] = []
    ) {
        self.accountIBAN = accountIBAN
        self.accountCurrency = accountCurrency?.uppercased()
        self.position = position
        self.accountServicerReference = accountServicerReference
        self.amount = amount
        self.creditDebit = creditDebit
        self.isReversal = isReversal
        self.status = status
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.batchTransactionCount = batchTransactionCount
        self.transactions = transactions
        self.includedCharges = includedCharges
    }

    /// The entry is booked in another currency than its account's (`Acct/Ccy`): the file contradicts itself.
    public var contradictsAccountCurrency: Bool {
        guard let accountCurrency, !accountCurrency.isEmpty else { return false }
        return amount.currencyCode != accountCurrency
    }

    /// Whether the bank has booked it (`BOOK`, or `book`: a code in another case was read as not booked without a
    /// word); pending (`PDNG`) and informational (`INFO`) entries move no money.
    public var isBooked: Bool { status == "BOOK" || status.uppercased() == "BOOK" }

    /// Announced, not booked yet (`PDNG`): no money has arrived, but a payment is on its way.
    public var isPending: Bool { status.uppercased() == "PDNG" }

    /// One entry for several payments: a batch of more than one, or more than one transaction detail.
    public var isCollective: Bool { (batchTransactionCount ?? 0) > 1 || transactions.count > 1 }

    /// Whether the bank marks it a batch (`NtryDtls/Btch`), even of one: its payments are listed in a camt.054 when
    /// this file does not list them.
    public var isBatch: Bool { batchTransactionCount != nil }

    /// A batch of several listed with one detail of the whole booking's amount that names nobody: a summary line some
    /// banks write ("collective credit, 2 transactions"), not a payment; its payments come in a camt.054.
    public var isSummaryOfBatch: Bool { listsOneOfTheWholeForSeveral && !transactions[0].namesPayer }

    /// A batch of several listed with one detail of the whole booking's amount that names a payer (an account, a name, a
    /// payment reference): one payment the bank counts as several, or one of several it summed up under the first one's
    /// name — the bank's error either way, and not to be booked on a guess.
    public var listsOneForSeveral: Bool { listsOneOfTheWholeForSeveral && transactions[0].namesPayer }

    private var listsOneOfTheWholeForSeveral: Bool {
        guard transactions.count == 1, let stated = batchTransactionCount, stated > 1, let detail = transactions[0].amount else { return false }
        return detail.isSame(as: amount)
    }

    /// How the listed payments compare with the booking.
    public enum DetailsAgainstBooking: Sendable, Equatable {
        case addUp
        /// Money was booked that no payment listed names; what is listed is real money.
        case fallShort
        /// The payments claim more than the bank booked, beyond the charges it says it took from the booking: the money
        /// they name did not all arrive. (A bank that nets its fees from a collective credit states them in `Chrgs` with
        /// `ChrgInclInd`; charges stated otherwise explain nothing.)
        case exceed
        /// The payments cannot be held against the booking: one gives no amount, or one in another currency, or one finer
        /// than the currency's minor unit, or their sum is beyond any number. What they claim may be far more than the
        /// bank booked, so none of them is believed.
        case unverifiable
    }

    /// For an entry that lists several payments (or fewer than its batch states): how they compare with the booking.
    /// Fewer listed than the batch states add up when the rest may be zero lines, and do not when they fall short or
    /// exceed it: money booked but listed nowhere is never silent. Nil for one payment, the booking's own.
    public var detailsAgainstBooking: DetailsAgainstBooking? {
        guard transactions.count > 1 || (!transactions.isEmpty && (batchTransactionCount ?? 0) > transactions.count) else { return nil }
        guard let (listed, booked) = listedAndBooked else { return .unverifiable }
        return listed == booked ? .addUp : listed < booked ? .fallShort : .exceed
    }

    /// What the listed payments come to once the charges taken from the booking are deducted, and the amount booked,
    /// in minor units, for an entry that lists several, or fewer than its batch states (one payment of a batch of two
    /// is not the booking's one payment). However many the batch says, the money listed is compared with the money
    /// booked: a batch stating one payment and listing two that add up to twice the booking is not believed either way.
    /// A detail going the other way (a debit line in a credit booking) counts against the sum. Nil when they cannot be
    /// compared: an amount missing, in another currency or not in whole minor units, or a sum beyond an `Int64`.
    private var listedAndBooked: (listed: Int64, booked: Int64)? {
        guard case .success(let total)? = amount.money() else { return nil }
        var sum: Int64 = 0
        for transaction in transactions {
            guard let part = transaction.amount, part.currencyCode == amount.currencyCode, case .success(let money)? = part.money() else {
                return nil
            }
            let signed = transaction.creditDebit.map { $0 == creditDebit } ?? true ? money.minorUnits : -money.minorUnits
            let (added, overflow) = sum.addingReportingOverflow(signed)
            guard !overflow else { return nil }
            sum = added
        }
        guard let stated = includedCharges.minorUnits(in: amount.currencyCode) else { return nil }
        // Charges already taken off their payments (`chargesDeductedMinor`, a batch's per-payment charges) are not
        // taken off the sum a second time: the booking's charges are their total, or there are none beside them.
        var alreadyOff: Int64 = 0
        for transaction in transactions {
            let (added, overflow) = alreadyOff.addingReportingOverflow(transaction.chargesDeductedMinor ?? 0)
            guard !overflow else { return nil }
            alreadyOff = added
        }
        let (deducted, overflow) = sum.subtractingReportingOverflow(max(0, stated - alreadyOff))
        return overflow ? nil : (deducted, total.minorUnits)
    }
}
