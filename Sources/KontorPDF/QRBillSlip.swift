/// A Swiss QR-bill payment slip (receipt and payment part), with every value already formatted for print.
///
/// The caller builds the Swiss Payments Code text and formats the IBAN, reference and amount, because those
/// rules belong to billing, not to drawing; this type only says what goes where on the 210 × 105 mm slip.
public struct QRBillSlip: Sendable, Equatable {
    /// The language of the fixed headings. The guidelines allow only these four; pick English for anyone else.
    public enum Language: String, Sendable, CaseIterable {
        case de, fr, it, en
    }

    /// Language of the headings ("Zahlteil", "Section paiement", …).
    public var language: Language
    /// The full text encoded in the QR code (lines `SPC`, `0200`, `1`, IBAN, …, `EPD`), exactly as it must scan.
    public var payload: String
    /// The creditor's IBAN in groups of four, e.g. "CH44 3199 9123 0008 8901 2".
    public var account: String
    /// The creditor's name and address, one printed line each.
    public var creditorLines: [String]
    /// The reference in print form (QRR in groups of five from the right, SCOR in groups of four); nil for none.
    public var reference: String?
    /// The unstructured message and/or bill information; nil leaves the section out.
    public var additionalInformation: String?
    /// The debtor's name and address, one line each; nil prints a blank box for the payer to fill in by hand.
    public var debtorLines: [String]?
    /// "CHF" or "EUR".
    public var currency: String
    /// The amount with a space as thousands separator and two decimals ("1 949.70"); nil prints a blank box.
    public var amount: String?

    /// A slip; `debtorLines` and `amount` are nil for open slips such as top-up or standing-order slips.
    public init(
        language: Language,
        payload: String,
        account: String,
        creditorLines: [String],
        reference: String? = nil,
        additionalInformation: String? = nil,
        debtorLines: [String]? = nil,
        currency: String,
        amount: String? = nil
    ) {
        self.language = language
        self.payload = payload
        self.account = account
        self.creditorLines = creditorLines
        self.reference = reference
        self.additionalInformation = additionalInformation
        self.debtorLines = debtorLines
        self.currency = currency
        self.amount = amount
    }
}
