import Fluent
import Foundation
import KontorDomain
import Vapor

/// An organization's billing addresses (seed guide: "agregar direcciones de facturación … al renovar un producto,
/// seleccione la dirección de facturación deseada"). The first address becomes the default; each product is
/// invoiced to the default unless it names another address of the same organization.
struct BillingAddressService {
    let db: any Database

    /// What the add form and `POST …/billing-addresses` hand over.
    struct NewAddress: Sendable {
        var name: String?
        var street: String?
        var buildingNumber: String?
        var postcode: String?
        var town: String?
        var country: String?
        var invoiceEmail: String?
        var vatNumber: String? = nil
        var makeDefault = false
        /// The member adding it: recorded with the invoice e-mail (not one of the form's values).
        var addedBy: UUID? = nil

        /// The values as the add form names its fields: what a refused form shows again, and what a resent one must repeat.
        var formValues: [String: String] {
            ["name": name ?? "", "street": street ?? "", "building_number": buildingNumber ?? "", "postcode": postcode ?? "",
             "town": town ?? "", "country": country ?? "", "invoice_email": invoiceEmail ?? "", "vat_number": vatNumber ?? "",
             "make_default": makeDefault ? "on" : ""]
        }
    }

    /// The default first, then in the order they were added.
    func addresses(of organizationID: UUID) async throws -> [BillingAddress] {
        try await BillingAddress.query(on: db).filter(\.$organization.$id == organizationID)
            .sort(\.$isDefault, .descending).sort(\.$createdAt).sort(\.$id).all()
    }

    func address(_ id: UUID, in organizationID: UUID) async throws -> BillingAddress {
        guard let address = try await BillingAddress.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
            throw AppError.notFound
        }
        return address
    }

    /// `add`, at most once per key (`FormSubmissions`): a form sent twice, or an API call retried, adds one address and
    /// is answered with it. The key is bound to the organization as well as to the values, so the same key and address
    /// sent for another organization are refused rather than answered with the first organization's address.
    func add(_ new: NewAddress, to organizationID: UUID, now: Date, scope: String, key: String) async throws -> (id: UUID, isReplay: Bool) {
        let values = new.formValues.merging(["organization": organizationID.uuidString]) { $1 }
        return try await FormSubmissions(db: db).run(scope: scope, key: key, values: values, now: now) { db in
            try await BillingAddressService(db: db).add(new, to: organizationID, now: now).requireID()
        }
    }

    /// Checks every field at once; the organization's first address is its default whatever was asked.
    func add(_ new: NewAddress, to organizationID: UUID, now: Date) async throws -> BillingAddress {
        var errors: [FieldError] = []
        var postal: PostalAddress?
        switch PostalAddress.parse(name: new.name, street: new.street, buildingNumber: new.buildingNumber, postcode: new.postcode,
                                   town: new.town, country: new.country) {
        case .success(let address): postal = address
        case .failure(let failure): errors += failure.errors
        }
        var email: String?
        if let raw = new.invoiceEmail, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            switch EmailAddress.parse(raw, field: "invoice_email") {
            case .success(let address): email = address.value
            case .failure(let error): errors.append(error)
            }
        }
        var vatNumber: VATNumber?
        if let raw = new.vatNumber, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            // Checked against the address's country; without a valid country, the country's own error says enough.
            if let postal {
                switch VATNumber.parse(raw, country: postal.country) {
                case .success(let number): vatNumber = number
                case .failure(let error): errors.append(error)
                }
            }
        }
        guard errors.isEmpty, let postal else { throw ValidationFailure(errors) }
        let address = BillingAddress(organizationID: organizationID, address: postal, invoiceEmail: email, vatNumber: vatNumber, isDefault: false, now: now)
        if email != nil { address.invoiceEmailSetBy = new.addedBy }
        try await db.transaction { db in
            // Counted under the organization's lock: two first addresses added at once cannot both become the default.
            try await db.lockForUpdate(Organization.self, id: organizationID)
            let isFirst = try await BillingAddress.query(on: db).filter(\.$organization.$id == organizationID).count() == 0
            try await address.create(on: db)
            if isFirst || new.makeDefault { try await Self.makeDefault(address, on: db) }
        }
        return address
    }

    /// Makes `address` the default; the previous default stops being it in the same transaction.
    func makeDefault(_ address: BillingAddress) async throws {
        try await db.transaction { db in try await Self.makeDefault(address, on: db) }
    }

    /// Under the organization's lock, so two addresses made the default at once end with exactly one default. The
    /// address is looked for again under the lock: one removed meanwhile (`remove` takes the same lock) is a 404.
    /// Saving the copy read before the lock changed no row then, after every other address had stopped being the
    /// default, and the organization was left with none: new orders and renewals were refused for want of one.
    private static func makeDefault(_ address: BillingAddress, on db: any Database) async throws {
        let id = try address.requireID()
        try await db.lockForUpdate(Organization.self, id: address.$organization.id)
        guard try await BillingAddress.query(on: db).filter(\.$id == id).count() == 1 else { throw AppError.notFound }
        try await BillingAddress.query(on: db).filter(\.$organization.$id == address.$organization.id).filter(\.$id != id)
            .set(\.$isDefault, to: false).update()
        try await BillingAddress.query(on: db).filter(\.$id == id).set(\.$isDefault, to: true).update()
        address.isDefault = true
    }

    /// Removes an address no product names; the default goes last (choose another default first).
    func remove(_ address: BillingAddress) async throws {
        let id = try address.requireID()
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: address.$organization.id)
            guard let current = try await BillingAddress.find(id, on: db) else { return }   // removed twice: done
            let users = try await Product.query(on: db).filter(\.$billingAddress.$id == id).sort(\.$name).all()
            if !users.isEmpty {
                // Named, so the customer knows which product to point elsewhere first.
                throw AppError.conflict(messageKey: "error.billing.address_in_use",
                                        arguments: ["products": users.map(\.name).joined(separator: ", ")])
            }
            let others = try await BillingAddress.query(on: db).filter(\.$organization.$id == current.$organization.id).filter(\.$id != id).count()
            if current.isDefault, others > 0 { throw AppError.conflict(messageKey: "error.billing.default_needed") }
            // The last address, while something is still billed: renewals and reminder fees are invoiced to it, so a
            // customer without one would have its products fall into grace for want of an invoice.
            if others == 0, try await Self.isStillBilled(current.$organization.id, on: db) {
                throw AppError.conflict(messageKey: "error.billing.last_address_needed")
            }
            try await current.delete(on: db)
        }
    }

    /// Whether the organization has a product that is not deleted, or an invoice still open.
    private static func isStillBilled(_ organizationID: UUID, on db: any Database) async throws -> Bool {
        if try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$statusRaw != Product.Status.deleted.rawValue).first() != nil { return true }
        return try await Invoice.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$openMinor > 0).first() != nil
    }

    /// The address `product` is invoiced to: one of its organization's, or nil for the default. Under the
    /// organization's lock, as `remove` checks: an address removed at the same moment is either still there and
    /// kept (it is in use now) or gone and refused here — never a product pointing at nothing. The product is read
    /// again in that organization under the lock (moving it takes the lock too): one moved away meanwhile is a 404,
    /// never given an address of the organization it left.
    func assign(_ addressID: UUID?, to product: Product) async throws {
        // A kSuite's mail service is invoiced with the suite, to the suite's address.
        guard !product.isBundledInSuite else {
            throw ValidationFailure([FieldError(field: "billing_address", messageKey: "error.products.bundled_in_suite")])
        }
        let productID = try product.requireID(), organizationID = product.$organization.id
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: organizationID)
            _ = try await ProductService(db: db).product(productID, in: organizationID)
            if let addressID {
                guard try await BillingAddress.query(on: db).filter(\.$id == addressID).filter(\.$organization.$id == organizationID).first() != nil else {
                    throw ValidationFailure([FieldError(field: "billing_address", messageKey: "error.billing.address_unknown")])
                }
            }
            try await Product.query(on: db).filter(\.$id == productID).filter(\.$organization.$id == organizationID)
                .set(\.$billingAddress.$id, to: addressID).update()
        }
        product.$billingAddress.id = addressID
    }

    /// The address `product` is invoiced to now: its own, else the default, else none yet.
    func invoiceAddress(of product: Product) async throws -> BillingAddress? {
        if let id = product.$billingAddress.id, let own = try await BillingAddress.find(id, on: db) { return own }
        return try await BillingAddress.query(on: db).filter(\.$organization.$id == product.$organization.id).filter(\.$isDefault == true).first()
    }
}
