/// `BkTxCd/Domn`: what the bank says a booking or a payment is, on ISO 20022's external code list — domain, family and
/// subfamily (`PMNT/RCDT/VCOM`: payments, a received credit transfer, with commercial information). Domain and subfamily
/// tell what Kontor asks (a return, the bank's own booking); the family is not kept, nor are the bank's proprietary codes
/// (`BkTxCd/Prtry`), which differ from bank to bank.
public struct BankTransactionCode: Sendable, Hashable {
    public var domain: String?
    public var subFamily: String?

    public init(domain: String? = nil, subFamily: String? = nil) {
        self.domain = domain
        self.subFamily = subFamily
    }

    /// A payment reversed (domain `PMNT`): a credit transfer returned or reimbursed (`RRTN`) or cancelled on request
    /// (`RPCR`), a direct debit returned or unpaid (`UPDD`), reversed (`PRDD`) or cancelled (`RCDD`). On a debit, a
    /// customer's payment going back to its payer; on a credit, one of the provider's own coming back.
    public var isReturn: Bool { domain == "PMNT" && subFamily.map(Self.returns.contains) == true }

    /// The bank's own booking on the account, no one's payment: account management (domain `ACMT`: interest, charges,
    /// adjustments), or interest, charges, fees, commissions or taxes (`INTR`, `CHRG`, …) in any domain but payments.
    public var isBanksOwn: Bool {
        guard let domain, domain != "PMNT" else { return false }
        return domain == "ACMT" || subFamily.map(Self.banksOwn.contains) == true
    }

    private static let returns: Set<String> = ["RRTN", "RPCR", "UPDD", "PRDD", "RCDD"]
    private static let banksOwn: Set<String> = ["INTR", "CHRG", "CHAR", "FEES", "BKFE", "OVCH", "COMM", "COME", "COMI", "COMT", "TAXE"]
}
