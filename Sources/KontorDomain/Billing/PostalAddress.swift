import Foundation

/// A billing address as the Swiss QR-bill needs it: structured fields only (address type `S`, the only one allowed
/// since November 2025), each within the QR-bill's length limits, with an ISO 3166-1 country code. An invoice can
/// then print it and put it into the payment part without guessing where the street ends.
public struct PostalAddress: Hashable, Sendable, Codable {
    public let name: String
    public let street: String
    public let buildingNumber: String
    public let postcode: String
    public let town: String
    /// ISO 3166-1 alpha-2, upper case: `CH`.
    public let country: String

    /// An address already checked by `parse`, as read back from storage.
    public init(name: String, street: String, buildingNumber: String, postcode: String, town: String, country: String) {
        self.name = name
        self.street = street
        self.buildingNumber = buildingNumber
        self.postcode = postcode
        self.town = town
        self.country = country
    }

    /// The Swiss Implementation Guidelines' maximum lengths (Name 70, StrtNm 70, BldgNb 16, PstCd 16, TwnNm 35).
    public static let limits: [String: Int] = ["name": 70, "street": 70, "building_number": 16, "postcode": 16, "town": 35]

    /// ISO 3166-1's assigned countries (and Kosovo's `XK`), for validation and for the country list of a form:
    /// Foundation's region list also holds groupings and reserved codes — the United Nations, the Eurozone, Canary
    /// Islands — which are not countries a postal address can name.
    public static let countryCodes: Set<String> = Set(Locale.Region.isoRegions.map(\.identifier).filter {
        $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isUppercase } && !notCountries.contains($0)
    })

    /// ISO 3166-1's exceptionally reserved codes and CLDR's groupings.
    static let notCountries: Set<String> = ["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN"]

    /// Checks a filled-in form: trims and NFC-normalizes each field, names every field that is missing, too long,
    /// unknown or holding a character the QR-bill cannot carry (`QRBillCharacters`) at once. Lengths count the
    /// characters of the normalized text, as the standard does. The building number may be empty (many addresses
    /// have none); everything else is required.
    public static func parse(name: String?, street: String?, buildingNumber: String?, postcode: String?, town: String?,
                             country: String?) -> Result<PostalAddress, ValidationFailure> {
        // A line break inside is refused like any control character, not folded into a space: every field is one line of the
        // QR-bill, and a break folded silently stored something else than was sent (as names refuse it too).
        func clean(_ value: String?) -> String {
            TextCharacters.normalized((value ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let values = ["name": clean(name), "street": clean(street), "building_number": clean(buildingNumber),
                      "postcode": clean(postcode), "town": clean(town)]
        var errors: [FieldError] = []
        for field in ["name", "street", "building_number", "postcode", "town"] {
            let value = values[field]!
            if value.isEmpty, field != "building_number" { errors.append(FieldError(field: field, messageKey: "error.required")) }
            else if let refused = QRBillCharacters.firstRefused(in: value) {
                errors.append(FieldError(field: field, messageKey: TextCharacters.isInvisible(refused) ? "error.invalid_characters" : "error.billing.character",
                                         arguments: ["character": TextCharacters.described(refused)]))
            }
            else if value.unicodeScalars.count > limits[field]! {
                errors.append(FieldError(field: field, messageKey: "error.billing.too_long", arguments: ["limit": String(limits[field]!)]))
            }
        }
        let code = clean(country).uppercased()
        if code.isEmpty { errors.append(FieldError(field: "country", messageKey: "error.required")) }
        else if !countryCodes.contains(code) { errors.append(FieldError(field: "country", messageKey: "error.billing.country")) }
        // The postcode's format is the country's (`PostcodeFormat`), checked once both are otherwise fine.
        var postcode = values["postcode"]!
        if !errors.contains(where: { $0.field == "postcode" || $0.field == "country" }) {
            if let normalized = PostcodeFormat.normalized(postcode, country: code) { postcode = normalized }
            else { errors.append(FieldError(field: "postcode", messageKey: "error.billing.postcode_format")) }
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(PostalAddress(name: values["name"]!, street: values["street"]!, buildingNumber: values["building_number"]!,
                                      postcode: postcode, town: values["town"]!, country: code))
    }

    /// The lines printed on an invoice: `Panadería García SL`, `Calle Mayor 12`, `CH-8001 Zürich` style without
    /// the country prefix, then the country code when it is not the provider's own.
    public func lines(homeCountry: String) -> [String] {
        var lines = [name, buildingNumber.isEmpty ? street : "\(street) \(buildingNumber)", "\(postcode) \(town)"]
        if country != homeCountry { lines.append(country) }
        return lines
    }
}
