import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// Walker Studio's kSuite on the catalog's "kSuite Standard" plan (5 users × 500 GB, yearly) with two seats taken
    /// and its bundled mail service, whose mailboxes are on the studio's domain; the other mail services get mailboxes
    /// on their organization's domains too.
    static func addSuiteAndMail(_ app: Application, organizations: [String: Organization], context: CommandContext) async throws {
        context.console.print("Adding the kSuite's seats and the mailboxes…")
        let now = app.kontor.clock.now()
        if let walker = organizations["Walker Studio Ltd"], let walkerID = walker.id,
           let suite = try await Product.query(on: app.db).filter(\.$organization.$id == walkerID)
               .filter(\.$kindRaw == ProductKind.kSuite.rawValue).first(),
           let plan = try await CatalogItem.query(on: app.db).filter(\.$name == "kSuite Standard").first() {
            suite.$catalogItem.id = plan.id
            suite.periodMonths = 12
            suite.suiteUsers = plan.suiteUsers
            suite.suiteStorageGB = plan.suiteStorageGB
            try await suite.save(on: app.db)
            for email in ["emma@demo.kontor.test", "giulia@demo.kontor.test"] {
                guard let user = try await User.find(email: email, on: app.db) else { continue }
                try await SuiteSeat(productID: try suite.requireID(), userID: try user.requireID(), assignedBy: nil, now: now).create(on: app.db)
            }
            let mail = Product(organizationID: walkerID, kind: .mailService, name: "Walker Studio kSuite Mail", renewsAt: suite.renewsAt,
                               createdAt: now, renewalWarranty: suite.renewalWarranty)
            mail.$bundledIn.id = suite.id
            try await mail.create(on: app.db)
            for address in ["hello@walker.studio", "emma@walker.studio", "giulia@walker.studio"] {
                try await Mailbox(productID: try mail.requireID(), address: address, now: now).create(on: app.db)
            }
        }
        let mailboxes = [("Panadería García SL", ["pedidos@panaderia-garcia.es", "info@panaderia-garcia.es"]),
                         ("Rossi & Figli", ["info@rossiefigli.it", "amministrazione@rossiefigli.it"])]
        for (organization, addresses) in mailboxes {
            guard let id = organizations[organization]?.id,
                  let service = try await Product.query(on: app.db).filter(\.$organization.$id == id)
                      .filter(\.$kindRaw == ProductKind.mailService.rawValue).first() else { continue }
            for address in addresses { try await Mailbox(productID: try service.requireID(), address: address, now: now).create(on: app.db) }
        }
    }
}
