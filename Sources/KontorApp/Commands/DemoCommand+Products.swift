import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// Products for the demo organizations: web hostings with sites (one migrated from an older offer, with the MySQL
    /// prefix option on), databases, database users and environment variables; domains, mail, a kSuite, a NAS
    /// (which does not offer Renewal Warranty) and an SSL certificate, renewing over the coming year.
    static func addProducts(_ app: Application, organizations: [String: Organization], context: CommandContext) async throws {
        context.console.print("Adding demo products…")
        let now = app.kontor.clock.now()
        func days(_ count: Double) -> Date { now.addingTimeInterval(count * 86_400) }
        let catalogue: [(String, ProductKind, String, Double, Bool, String?, Bool)] = [
            // organization, kind, name, renews in days, Renewal Warranty, server prefix, sites migrated from an older offer
            ("Panadería García SL", .webHosting, "panaderia-garcia.es", 41, true, "pg7k", true),
            ("Panadería García SL", .domain, "panaderia-garcia.es", 41, true, nil, false),
            ("Panadería García SL", .mailService, "Correo panaderia-garcia.es", 41, false, nil, false),
            ("Panadería García SL", .nasSynology, "NAS obrador", 200, false, nil, false),
            ("Atelier Martin", .webHosting, "atelier-martin.fr", 12, false, "am2c", false),
            ("Atelier Martin", .domain, "atelier-martin.fr", 12, false, nil, false),
            ("Walker Studio Ltd", .kSuite, "Walker Studio kSuite", 95, true, nil, false),
            ("Walker Studio Ltd", .domain, "walker.studio", 300, false, nil, false),
            ("Weber Consulting GmbH", .webHosting, "weber-consulting.de", 150, false, "wc9a", true),
            ("Weber Consulting GmbH", .sslCertificate, "www.weber-consulting.de", 150, true, nil, false),
            ("Rossi & Figli", .domain, "rossiefigli.it", 60, false, nil, false),
            ("Rossi & Figli", .mailService, "Posta rossiefigli.it", 60, true, nil, false),
        ]
        // Billing addresses: the bakery sends its mail invoices to its accountant (seed: "asignar facturas a diferentes personas").
        let addresses: [(String, PostalAddress, String?)] = [
            ("Panadería García SL", PostalAddress(name: "Panadería García SL", street: "Calle Mayor", buildingNumber: "12", postcode: "28013", town: "Madrid", country: "ES"), nil),
            ("Panadería García SL", PostalAddress(name: "Gestoría López", street: "Gran Vía", buildingNumber: "41", postcode: "28013", town: "Madrid", country: "ES"), "facturas@gestoria-lopez.example"),
            ("Atelier Martin", PostalAddress(name: "Atelier Martin", street: "Rue du Rhône", buildingNumber: "8", postcode: "1204", town: "Genève", country: "CH"), nil),
            ("Walker Studio Ltd", PostalAddress(name: "Walker Studio Ltd", street: "Langstrasse", buildingNumber: "120", postcode: "8004", town: "Zürich", country: "CH"), nil),
            ("Weber Consulting GmbH", PostalAddress(name: "Weber Consulting GmbH", street: "Bahnhofstrasse", buildingNumber: "1", postcode: "8001", town: "Zürich", country: "CH"), nil),
            ("Rossi & Figli", PostalAddress(name: "Rossi & Figli", street: "Via Nassa", buildingNumber: "5", postcode: "6900", town: "Lugano", country: "CH"), nil),
        ]
        var accountant: BillingAddress?
        for (organization, address, email) in addresses {
            guard let id = organizations[organization]?.id else { continue }
            let isDefault = try await BillingAddress.query(on: app.db).filter(\.$organization.$id == id).count() == 0
            let stored = BillingAddress(organizationID: id, address: address, invoiceEmail: email, isDefault: isDefault, now: now)
            try await stored.create(on: app.db)
            if email != nil { accountant = stored }
        }
        for (organization, kind, name, renews, warranty, prefix, prefixOn) in catalogue {
            guard let id = organizations[organization]?.id else { continue }
            let product = Product(organizationID: id, kind: kind, name: name, renewsAt: days(renews), createdAt: now,
                                  renewalWarranty: warranty, mysqlServerPrefix: prefix.flatMap(MySQLServerPrefix.init))
            if kind == .mailService, accountant?.$organization.id == id { product.$billingAddress.id = accountant?.id }
            try await product.create(on: app.db)
            if kind == .webHosting { try await addHosting(app, to: product, migrated: prefixOn, now: now) }
        }
    }

    /// Each hosting's sites, databases and users; the bakery's shop site has variables, one of them secret.
    static func addHosting(_ app: Application, to product: Product, migrated: Bool, now: Date) async throws {
        let shop = "tienda." + product.name
        var items = HostingProvisioning.Items(databases: ["wordpress"], databaseUsers: ["wpuser"])
        if migrated { items.migratedSites = [product.name] } else { items.sites = [product.name] }
        if product.name == "panaderia-garcia.es" {
            items.sites = [shop]
            items.databases.append("tienda")
            items.databaseUsers.append("tienda_app")
        }
        try await HostingProvisioning(db: app.db).add(items, to: product, offered: app.kontor.config.phpVersions, now: now)
        guard let site = try await HostingSite.query(on: app.db).filter(\.$domainName == shop).first() else { return }
        let variables = SiteVariables(db: app.db, secretKey: app.kontor.config.secretKey)
        for (name, value, secret) in [("APP_ENV", "production", false), ("SHOP_CURRENCY", "EUR", false), ("STRIPE_SECRET_KEY", "sk_demo_4eC39HqLyjWDarjtT1zdp7dc", true)] {
            _ = try await variables.add(to: try site.requireID(), name: name, value: value, isSecret: secret, now: now) { _, _ in }
        }
    }
}
