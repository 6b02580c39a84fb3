import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// Products in every renewal state, for the renewals page: one on automatic renewal due soon, one renewed today
    /// by Renewal Warranty (with its invoice), one expired in its grace period and one suspended after it.
    static func addRenewals(_ app: Application, organizations: [String: Organization], context: CommandContext) async throws {
        context.console.print("Adding products in every renewal state…")
        let now = app.kontor.clock.now()
        let today = app.kontor.config.billing.day(of: now)
        func day(_ offset: Int) -> Date { ProductService.day(CivilDay.text(CivilDay.number(today)! + offset))! }
        guard let martin = organizations["Atelier Martin"]?.id, let weber = organizations["Weber Consulting GmbH"]?.id else { return }
        // Due soon, renewing by itself: its notice goes out 14 days before.
        try await Product.query(on: app.db).filter(\.$organization.$id == martin).filter(\.$kindRaw == ProductKind.webHosting.rawValue)
            .set(\.$automaticRenewal, to: true).update()
        let starter = try await CatalogItem.query(on: app.db).filter(\.$name == "Web hosting Starter").first()
        let shop = Product(organizationID: weber, kind: .webHosting, name: "shop.weber-consulting.de", renewsAt: day(0), createdAt: now,
                           renewalWarranty: true, mysqlServerPrefix: MySQLServerPrefix("wc9b"))
        shop.$catalogItem.id = starter?.id
        shop.periodMonths = 12
        try await shop.create(on: app.db)
        _ = try await app.productRenewer.renew(try shop.requireID(), of: weber, kind: .warranty, today: today, now: now)
        for (name, state, expired) in [("old-campaign.atelier-martin.fr", ProductState.grace, -3), ("archive.atelier-martin.fr", .suspended, -20)] {
            let product = Product(organizationID: martin, kind: .domain, name: name, renewsAt: day(expired), createdAt: now)
            product.statusRaw = state.rawValue
            product.suspensionReasonRaw = state == .suspended ? SuspensionReason.expiry.rawValue : nil
            product.stateChangedAt = now
            try await product.create(on: app.db)
        }
    }
}
