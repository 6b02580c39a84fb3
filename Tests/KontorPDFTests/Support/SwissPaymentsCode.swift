/// Builds Swiss Payments Code texts by hand, field by field, the way the guidelines list them, so each
/// test states exactly what the QR code must carry.
enum SwissPaymentsCode {
    /// A structured address: AdrTp "S", name, street, building number, postcode, town, country.
    struct Address {
        var name: String
        var street: String
        var buildingNumber: String
        var postcode: String
        var town: String
        var country = "CH"

        var fields: [String] { ["S", name, street, buildingNumber, postcode, town, country] }
        /// The seven empty fields of an absent address.
        static let absent = Array(repeating: "", count: 7)
    }

    /// The payload: header, account, creditor, 7 empty ultimate-creditor fields, amount, currency,
    /// debtor, reference, message and trailer, joined with LF.
    static func payload(
        iban: String, creditor: Address, amount: String?, currency: String, debtor: Address?,
        referenceType: String, reference: String, message: String
    ) -> String {
        let fields = ["SPC", "0200", "1", iban]
            + creditor.fields
            + Address.absent
            + [amount ?? "", currency]
            + (debtor?.fields ?? Address.absent)
            + [referenceType, reference, message, "EPD"]
        return fields.joined(separator: "\n")
    }
}
