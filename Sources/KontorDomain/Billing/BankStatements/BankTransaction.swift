/// One payment inside an entry (`NtryDtls/TxDtls`). All but the position are optional: banks fill them unevenly;
/// references are kept as written and checked separately (`parsedReference`), since files carry invalid ones.
public struct BankTransaction: Sendable, Hashable {
    /// 1-based position within its entry.
    public let position: Int
    /// `TxDtls/Amt`, else `TxDtls/AmtDtls/TxAmt/Amt`; for an entry with a single transaction that states neither
    /// (and no batch of several), the entry's amount. Nil only in a collective entry whose detail gives no amount.
    public let amount: BankAmount?
    /// `TxDtls/CdtDbtInd`, when the detail states it.
    public let creditDebit: CreditDebit?
    /// `Refs/AcctSvcrRef`: the bank's duplicate-control key for this payment.
    public let accountServicerReference: String?
    /// `Refs/EndToEndId` (often `NOTPROVIDED`).
    public let endToEndID: String?
    /// `RmtInf/Strd/CdtrRefInf/Ref` as written.
    public let reference: String?
    /// The stated type of `reference`: `Tp/CdOrPrtry/Prtry` (`QRR`) or `Tp/CdOrPrtry/Cd` (`SCOR`), as written.
    public let referenceType: String?
    /// `reference` when it is a valid QR or creditor reference; nil when absent or invalid. The stated type is
    /// not trusted (files mislabel references). Checked when asked, not when read: a payment the importer already
    /// knows (a file imported again) never needs it.
    public var parsedReference: PaymentReference? { reference.flatMap(PaymentReference.init) }
    /// `RmtInf/Ustrd`; several are joined with a space.
    public let unstructuredRemittance: String?
    /// `RltdPties/Dbtr/Nm` (.04) or `RltdPties/Dbtr/Pty/Nm` (.08); either is accepted in both versions.
    public let debtorName: String?
    /// `RltdPties/DbtrAcct/Id/IBAN` as written.
    public let debtorIBAN: String?

    public init(
        position: Int, amount: BankAmount?, creditDebit: CreditDebit?, accountServicerReference: String?,
        endToEndID: String?, reference: String?, referenceType: String?, unstructuredRemittance: String?,
        debtorName: String?, debtorIBAN: String?
    ) {
        self.position = position
        self.amount = amount
        self.creditDebit = creditDebit
        self.accountServicerReference = accountServicerReference
        self.endToEndID = endToEndID
        self.reference = reference
        self.referenceType = referenceType
        self.unstructuredRemittance = unstructuredRemittance
        self.debtorName = debtorName
        self.debtorIBAN = debtorIBAN
    }

    /// The debtor's account as a checked IBAN; nil when absent or invalid.
    public var debtorAccount: IBAN? { debtorIBAN.flatMap(IBAN.init) }
}
