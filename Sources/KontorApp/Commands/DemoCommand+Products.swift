import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// Products for the demo organizations: sites with and without the MySQL prefix option, domains, mail, a kSuite
    /// and a NAS (which does not offer Renewal Warranty), renewing over the coming year.
    static func addProducts(_ app: Application, organizations: [String: Organization], context: CommandContext) async throws {
        context.console.print("Adding demo products…")
        let now = app.kontor.clock.now()
        func days(_ count: Double) -> Date { now.addingTimeInterval(count * 86_400) }
        let catalogue: [(String, ProductKind, String, Double, Bool, String?, Bool)] = [
            // organization, kind, name, renews in days, Renewal Warranty, server prefix, MySQL prefix option on
            ("Panadería García SL", .webHosting, "panaderia-garcia.es", 41, true, "pg7k", true),
            ("Panadería García SL", .domain, "panaderia-garcia.es", 41, true, nil, false),
            ("Panadería García SL", .mailService, "Correo panaderia-garcia.es", 41, false, nil, false),
            ("Panadería García SL", .nasSynology, "NAS obrador", 200, false, nil, false),
            ("Atelier Martin", .webHosting, "atelier-martin.fr", 12, false, "am2c", false),
            ("Atelier Martin", .domain, "atelier-martin.fr", 12, false, nil, false),
            ("Walker Studio Ltd", .kSuite, "Walker Studio kSuite", 95, true, nil, false),
            ("Walker Studio Ltd", .domain, "walker.studio", 300, false, nil, false),
            ("Weber Consulting GmbH", .webHosting, "weber-consulting.de", 150, false, "wc9a", true),
            ("Rossi & Figli", .domain, "rossiefigli.it", 60, false, nil, false),
            ("Rossi & Figli", .mailService, "Posta rossiefigli.it", 60, true, nil, false),
        ]
        for (organization, kind, name, renews, warranty, prefix, prefixOn) in catalogue {
            guard let id = organizations[organization]?.id else { continue }
            try await Product(organizationID: id, kind: kind, name: name, renewsAt: days(renews), createdAt: now,
                              renewalWarranty: warranty, mysqlServerPrefix: prefix.flatMap(MySQLServerPrefix.init), mysqlPrefixEnabled: prefixOn)
                .create(on: app.db)
        }
    }
}
