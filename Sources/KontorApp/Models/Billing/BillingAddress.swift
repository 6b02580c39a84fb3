import Fluent
import Foundation
import KontorDomain

/// One of an organization's billing addresses (seed guide "agregar una dirección de facturación"): invoices for
/// its products are addressed to the default one unless a product names another.
final class BillingAddress: Model, @unchecked Sendable {
    static let schema = "billing_addresses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "name") var name: String
    @Field(key: "street") var street: String
    @Field(key: "building_number") var buildingNumber: String
    @Field(key: "postcode") var postcode: String
    @Field(key: "town") var town: String
    @Field(key: "country") var country: String
    /// Where invoices for this address are e-mailed, when not to the members.
    @OptionalField(key: "invoice_email") var invoiceEmail: String?
    /// The member who typed `invoiceEmail` (M093): invoices stop going there when that member leaves.
    @OptionalField(key: "invoice_email_set_by") var invoiceEmailSetBy: UUID?
    /// A business's VAT number, compact (`VATNumber.compact`); abroad, its invoices are reverse charge.
    @OptionalField(key: "vat_number") var vatNumber: String?
    @Field(key: "is_default") var isDefault: Bool
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $organization, $name, $street, $buildingNumber, $postcode, $town, $country, $invoiceEmail, $invoiceEmailSetBy, $vatNumber, $isDefault,
            $createdAt
        ]
    }

    init() {}

    init(organizationID: UUID, address: PostalAddress, invoiceEmail: String?, vatNumber: VATNumber? = nil, isDefault: Bool, now: Date) {
        $organization.id = organizationID
        name = address.name
        street = address.street
        buildingNumber = address.buildingNumber
        postcode = address.postcode
        town = address.town
        country = address.country
        self.invoiceEmail = invoiceEmail
        self.vatNumber = vatNumber?.compact
        self.isDefault = isDefault
        createdAt = now
    }

    /// Stored from a parsed address, so it is read back as it was checked.
    var address: PostalAddress {
        PostalAddress(name: name, street: street, buildingNumber: buildingNumber, postcode: postcode, town: town, country: country)
    }
}
