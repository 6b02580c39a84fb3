/// The text of a Swiss QR code ("Swiss Payments Code", version 0200, Swiss Implementation Guidelines 2.x):
/// one field a line, structured addresses only (type `S`).
///
/// Built from checked values so that a QR-bill can only carry what a bank will accept: a QR-IBAN goes with a QR
/// reference and nothing else, a normal IBAN with an RF reference or none, CHF or EUR, at most 997 characters.
public struct SwissPaymentsCode: Hashable, Sendable {
    public let account: IBAN
    public let creditor: PostalAddress
    /// Nil: the payer fills in the amount (a top-up slip for a standing order).
    public let amount: Money?
    public let currency: Currency
    /// Nil: the slip shows an empty box for the payer's name and address.
    public let debtor: PostalAddress?
    public let reference: PaymentReference?
    /// Unstructured message, at most 140 characters.
    public let message: String?

    public enum Problem: Error, Equatable, Sendable {
        case currencyNotAllowed
        case qrIBANNeedsQRReference
        case qrReferenceNeedsQRIBAN
        case amountOutOfRange
        case messageTooLong
        case tooLong
    }

    public init(account: IBAN, creditor: PostalAddress, amount: Money?, currency: Currency, debtor: PostalAddress?,
                reference: PaymentReference?, message: String?) throws(Problem) {
        guard Currency.qrBill.contains(currency) else { throw .currencyNotAllowed }
        if let amount {
            // 0.01 – 999,999,999.99 in the currency; zero is allowed only as a "notification" bill, which Kontor
            // never issues.
            guard amount.currency == currency, amount.minorUnits >= 1, amount.minorUnits <= 99_999_999_999 else {
                throw .amountOutOfRange
            }
        }
        switch (account.isQRIBAN, reference) {
        case (true, .qr?), (false, .creditor?), (false, nil): break
        case (true, _): throw .qrIBANNeedsQRReference
        case (false, .qr?): throw .qrReferenceNeedsQRIBAN
        }
        // Addresses and the message in the QR-bill's character set, within its limits, whatever was stored: an
        // address saved before addresses were checked still gives a slip a bank reads (`QRBillCharacters.fitting`).
        let message = message.map(QRBillCharacters.fitting)
        if let message, message.unicodeScalars.count > 140 { throw .messageTooLong }
        self.account = account
        self.creditor = creditor.fittingQRBill
        self.amount = amount
        self.currency = currency
        self.debtor = debtor?.fittingQRBill
        self.reference = reference
        self.message = message
        guard text.count <= 997 else { throw .tooLong }
    }

    /// The fields in the order the standard defines them.
    public var fields: [String] {
        var fields = ["SPC", "0200", "1", account.electronic]
        fields += SwissPaymentsCode.addressFields(creditor)
        fields += Array(repeating: "", count: 7) // ultimate creditor: reserved, always empty
        fields.append(amount.map(\.decimalString) ?? "")
        fields.append(currency.code)
        fields += debtor.map(SwissPaymentsCode.addressFields) ?? Array(repeating: "", count: 7)
        fields.append(reference?.typeCode ?? "NON")
        fields.append(reference?.electronic ?? "")
        fields.append(SwissPaymentsCode.clean(message ?? ""))
        fields.append("EPD")
        return fields
    }

    /// The payload: fields separated by LF, no line break after the last one.
    public var text: String { fields.joined(separator: "\n") }

    static func addressFields(_ address: PostalAddress) -> [String] {
        ["S", address.name, address.street, address.buildingNumber, address.postcode, address.town, address.country]
            .map(clean)
    }

    /// A field never holds a line break (it would shift every field after it); `fitting` already made them spaces,
    /// this stays for the fields that come from elsewhere.
    static func clean(_ value: String) -> String {
        value.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
