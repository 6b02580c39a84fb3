import Foundation

/// One payment inside an entry (`NtryDtls/TxDtls`). All but the position are optional: banks fill them unevenly;
/// references are kept as written and checked separately (`parsedReference`), since files carry invalid ones.
public struct BankTransaction: Sendable, Hashable {
    /// 1-based position within its entry.
    public let position: Int
    /// `TxDtls/Amt`, else `TxDtls/AmtDtls/TxAmt/Amt` (also when `Amt` is in another currency than the booking and `TxAmt`
    /// in the booking's: a converted payment). A single detail of an entry that is not a batch of several is
    /// the whole booking, so its amount is the entry's, what the bank booked. Nil only in a collective entry whose
    /// detail gives no amount.
    public let amount: BankAmount?
    /// What a lone detail states when it disagrees with its entry's booked amount (`amount`): an amount ordered in
    /// another currency, or a zero some banks write. Nil when it agrees or states nothing.
    public let statedAmount: BankAmount?
    /// `TxDtls/CdtDbtInd`, when the detail states it.
    public let creditDebit: CreditDebit?
    /// `Refs/AcctSvcrRef`: the bank's duplicate-control key for this payment.
    public let accountServicerReference: String?
    /// The placeholders read as no reference (`AcctSvcrRef` / `EndToEndId` of `NOTPROVIDED`), kept for the keys of
    /// payments imported before that rule (`BatchImport`).
    public var placeholderReference: String?
    /// The `Ustrd` lines, when there were several (`unstructuredRemittance` joins them with a space): a reference a bank
    /// cut over two lines is found in them (`referenceInMessage`).
    public var remittanceLines: [String] = []
    /// The bank's charges, in minor units, that explain why this lone payment states more than its booking: what the
    /// payer sent less these is what arrived (and `amount`). Nil when nothing was deducted.
    public var chargesDeductedMinor: Int64?
    /// `AddtlTxInf`: what the bank wrote about the payment.
    public var additionalInformation: String?
    public var placeholderEndToEndID: String?
    /// `Refs/EndToEndId` (often `NOTPROVIDED`).
    public let endToEndID: String?
    /// `RmtInf/Strd/CdtrRefInf/Ref` as written.
    public let reference: String?
    /// The stated type of `reference`: `Tp/CdOrPrtry/Prtry` (`QRR`) or `Tp/CdOrPrtry/Cd` (`SCOR`), as written.
    public let referenceType: String?
    /// The `Ref` of the payment's further `Strd` blocks, as written (nearly always none).
    public var otherReferences: [String] = []
    /// The valid QR or creditor reference the structured remittance names: `reference`, or the one valid reference of
    /// its further blocks when the first is invalid; nil when none is valid, or when the blocks name two different
    /// ones (`namesSeveralReferences`). The stated type is not trusted (files mislabel references). Checked when
    /// asked, not when read: a payment the importer already knows (a file imported again) never needs it.
    public var parsedReference: PaymentReference? {
        guard !otherReferences.isEmpty else { return reference.flatMap(PaymentReference.init) }
        let valid = validStructuredReferences
        return valid.count == 1 ? valid[0] : nil
    }

    /// Whether the structured remittance names two different valid references: two invoices, perhaps of two
    /// customers, and no way to tell which this money pays. Nothing else the payer wrote decides it either.
    public var namesSeveralReferences: Bool { !otherReferences.isEmpty && validStructuredReferences.count > 1 }

    /// The valid references of the `Strd` blocks, each once, up to the second: whether there is one or several is all
    /// that is asked. Comparing each with all found before took a minute for 20,000 blocks (bank probe round 4).
    private var validStructuredReferences: [PaymentReference] {
        var found: [PaymentReference] = []
        for written in [reference].compactMap({ $0 }) + otherReferences {
            guard let parsed = PaymentReference(written), found.first?.electronic != parsed.electronic else { continue }
            found.append(parsed)
            if found.count == 2 { break }
        }
        return found
    }
    /// `RmtInf/Ustrd`; several are joined with a space.
    public let unstructuredRemittance: String?
    /// `RltdPties/Dbtr/Nm` (.04) or `RltdPties/Dbtr/Pty/Nm` (.08); either is accepted in both versions.
    public let debtorName: String?
    /// `RltdPties/DbtrAcct/Id/IBAN` as written.
    public let debtorIBAN: String?
    /// `RltdPties/UltmtDbtr/Nm` (.04) or `…/UltmtDbtr/Pty/Nm` (.08): on whose behalf the debtor paid, when the bank
    /// says (a fiduciary's or a parent's account paying for someone else).
    public let ultimateDebtorName: String?
    /// `RtrInf` (return information), or a return's bank transaction code (`BankTransactionCode.isReturn`): the bank
    /// reports the payment as one returned — on a credit, a payment of the provider's own (a refund, a payout) that did
    /// not reach its payee and came back, not money a customer sent.
    public let reportsReturn: Bool
    /// `BkTxCd/Domn`: what the bank says the payment is, when it says it on the ISO code list.
    public var bankTransactionCode: BankTransactionCode?

    public init(
        position: Int, amount: BankAmount?, statedAmount: BankAmount? = nil, creditDebit: CreditDebit?,
        accountServicerReference: String?, endToEndID: String?, reference: String?, referenceType: String?,
        unstructuredRemittance: String?, debtorName: String?, debtorIBAN: String?, ultimateDebtorName: String? = nil,
        reportsReturn: Bool = false
    ) {
        self.position = position
        self.amount = amount
        self.statedAmount = statedAmount
        self.creditDebit = creditDebit
        self.accountServicerReference = accountServicerReference
        self.endToEndID = endToEndID
        self.reference = reference
        self.referenceType = referenceType
        self.unstructuredRemittance = unstructuredRemittance
        self.debtorName = debtorName
        self.debtorIBAN = debtorIBAN
        self.ultimateDebtorName = ultimateDebtorName
        self.reportsReturn = reportsReturn
    }

    /// The one valid QR or creditor reference the payer typed into the message instead of the reference field.
    public var referenceInMessage: PaymentReference? {
        remittanceLines.count > 1 ? PaymentReference.found(inMessageLines: remittanceLines)
            : unstructuredRemittance.flatMap(PaymentReference.found(inMessage:))
    }

    /// Whether it names whose money it is: the payer's account or name, or a structured payment reference.
    public var namesPayer: Bool {
        debtorIBAN != nil || reference != nil || debtorName.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == true
    }

    /// The debtor's account as a checked IBAN; nil when absent or invalid.
    public var debtorAccount: IBAN? { debtorIBAN.flatMap(IBAN.init) }

    /// Whether the debtor paid for someone else: an ultimate debtor is named and is not the debtor. Such an
    /// account says nothing about whose money it is.
    public var paysOnBehalfOfSomeoneElse: Bool {
        guard let ultimate = ultimateDebtorName?.trimmingCharacters(in: .whitespaces), !ultimate.isEmpty else { return false }
        return ultimate.lowercased() != debtorName?.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
