import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Moving a product to another organization (issue 13 §4), by a legal representative of both. It keeps its renewal
/// date, period and Renewal Warranty; its renewals are invoiced to the new organization's default billing address.
/// A kSuite and the products that came with it stay where they are (`ProductMoveRule`). Who may reach it in the old
/// organization loses that: plain users given access to it, and a support access limited to it.
struct ProductMoves {
    let db: any Database

    /// Moves `product` out of the actor's organization into `targetID`; `record` writes the audit event in the
    /// transaction, once for each organization.
    func move(_ product: Product, to targetID: UUID?, by actor: Membership, now: Date,
              record: @escaping @Sendable (any Database, _ organization: UUID, _ detail: String) async throws -> Void) async throws {
        guard actor.role == .legalRepresentative else { throw AppError.refused(messageKey: "error.products.move_not_legal_representative") }
        guard let targetID else { throw ValidationFailure([FieldError(field: "organization", messageKey: "error.required")]) }
        let sourceID = actor.$organization.id
        guard let target = try await Membership.find(user: actor.$user.id, organization: targetID, on: db),
              target.role == .legalRepresentative else {
            throw ValidationFailure([FieldError(field: "organization", messageKey: "error.products.move_target")])
        }
        if let refusal = ProductMoveRule.refusal(kind: product.kind, isBundled: product.isBundledInSuite,
                                                 from: sourceID.uuidString, to: targetID.uuidString) {
            throw refusal == .sameOrganization ? ValidationFailure([FieldError(field: "organization", messageKey: refusal.rawValue)])
                                               : AppError.conflict(messageKey: refusal.rawValue)
        }
        let productID = try product.requireID()
        let sourceName = try await Organization.find(sourceID, on: db)?.name ?? ""
        let detail = String(decoding: try JSONEncoder().encode(GrantAction(action: "product_moved", from: sourceName,
                                                                           to: target.organization.name, product: product.name)), as: UTF8.self)
        do {
            try await db.transaction { db in
                // Both organizations first (one statement, in id order), as every writer of their products takes its
                // organization's lock (mailboxes, billing addresses, renewals): such a writer finishes before the move,
                // or finds the product gone from its organization.
                // Two organizations: after any bulk billing job that may hold one of them (`BulkBillingLock`).
                try await BulkBillingLock.takeShared(on: db)
                try await db.lockForUpdate(Organization.self, ids: [sourceID, targetID])
                try await db.lockForUpdate(Product.self, id: productID)
                guard let fresh = try await Product.query(on: db).filter(\.$id == productID).filter(\.$organization.$id == sourceID).first() else {
                    throw AppError.notFound   // moved meanwhile by another request
                }
                // Its order and invoice belong to this organization and cannot move: paid here it would start a product
                // another organization holds, cancelled here it would delete it. It moves once it runs.
                let unpaidOrders = try await ProductOrder.query(on: db).filter(\.$product.$id == productID)
                    .filter(\.$statusRaw == ProductOrder.Status.awaitingPayment.rawValue).count()
                if fresh.isPending || unpaidOrders > 0 { throw AppError.conflict(messageKey: "error.products.move_unpaid_order") }
                // An unpaid invoice stays with this organization: a product suspended for it, or billed on an invoice still
                // open (a renewal, a Renewal Warranty), moves once it is paid. Moved before, the new organization had no
                // invoice holding it: the suspension lifted at its next payment, and a renewal's reminders suspended
                // nothing (security probe, 7 Dec 2026).
                if let number = try await openInvoiceHolding(fresh, in: sourceID, on: db) {
                    throw AppError.conflict(messageKey: "error.products.move_open_invoice", arguments: ["number": number])
                }
                if fresh.kind == .mailService {
                    // Mailboxes live on their organization's domains: a mail service moves only where its addresses'
                    // domains already are (move the domain first), or its mailboxes would serve domains it no longer has.
                    let addresses = try await Mailbox.query(on: db).filter(\.$product.$id == productID).all(\.$address)
                    let targetDomains = try await MailboxService(db: db).domains(of: targetID)
                    let stranded = Set(addresses.map(MailboxAddress.domainKey(ofAddress:))).subtracting(targetDomains).sorted()
                    if !stranded.isEmpty {
                        throw AppError.conflict(messageKey: "error.products.move_mailbox_domains", arguments: ["domains": stranded.joined(separator: ", ")])
                    }
                }
                var carried: [Product] = []
                if fresh.kind == .domain {
                    // The other way round: a mail service of this organization whose mailboxes use the domain goes with
                    // it, when all its mailboxes will then be on the new organization's domains; otherwise the domain
                    // stays, naming the mailboxes — mail for the new holder's domain must not arrive in mailboxes the
                    // old organization owns and pays for.
                    carried = try await mailServicesFollowing(domain: MailboxAddress.domainKey(fresh.name), from: sourceID, to: targetID, on: db)
                    // Each goes under the same rules as if it were moved itself: an unpaid order, or an open invoice
                    // holding it, keeps it — and so the domain — here (security probe round 9: the domain carried a mail
                    // service renewed on an unpaid invoice, whose reminders then suspended nothing).
                    for service in carried {
                        let serviceID = try service.requireID()
                        let unpaid = try await ProductOrder.query(on: db).filter(\.$product.$id == serviceID)
                            .filter(\.$statusRaw == ProductOrder.Status.awaitingPayment.rawValue).count()
                        if service.isPending || unpaid > 0 {
                            throw AppError.conflict(messageKey: "error.products.move_carried_unpaid_order", arguments: ["service": service.name])
                        }
                        if let number = try await openInvoiceHolding(service, in: sourceID, on: db) {
                            throw AppError.conflict(messageKey: "error.products.move_carried_open_invoice", arguments: ["service": service.name, "number": number])
                        }
                    }
                }
                fresh.$organization.id = targetID
                fresh.$billingAddress.id = nil
                try await fresh.save(on: db)
                if fresh.kind == .premiumSupport {
                    // The VIP code identifies the organization that holds Premium Support to the provider's staff: the
                    // old one loses it, and the new one gets a code of its own (once paid, if the order is not yet).
                    try await ProductService.removeVIPCode(of: sourceID, on: db)
                    if !fresh.isPending, let organization = try await Organization.find(targetID, on: db) {
                        try await ProductService.assignVIPCode(organization, on: db)
                    }
                }
                for service in carried {
                    service.$organization.id = targetID
                    service.$billingAddress.id = nil
                    try await service.save(on: db)
                }
                let moved = [productID] + carried.compactMap(\.id)
                try await ProductMemberGrant.query(on: db).filter(\.$product.$id ~~ moved).delete()
                try await SupportGrant.query(on: db).filter(\.$product.$id ~~ moved).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: now).update()
                try await record(db, sourceID, detail)
                try await record(db, targetID, detail)
            }
        } catch where ConcurrentChange(error) == .conflict {
            // The new organization holds its one Premium Support already (the unique index).
            throw ValidationFailure([FieldError(field: "organization", messageKey: "error.products.one_per_organization")])
        }
    }

    /// The number of an open invoice of `organizationID` that holds `product`: the one its unpaid suspension names
    /// (`ProductSuspension` keeps it on the product while it holds the suspension), else the oldest due with a line for it.
    private func openInvoiceHolding(_ product: Product, in organizationID: UUID, on db: any Database) async throws -> String? {
        if product.statusRaw == ProductState.suspended.rawValue, product.suspensionReasonRaw == SuspensionReason.unpaid.rawValue,
           let id = product.suspendedByInvoiceID, let invoice = try await Invoice.find(id, on: db) {
            return invoice.number
        }
        struct Row: Decodable { let number: String }
        return try await (db as! any SQLDatabase).raw("""
            SELECT i.number FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
            WHERE i.organization_id = \(bind: organizationID) AND i.series = \(bind: DocumentSeries.invoice.rawValue) AND i.open_minor > 0
              AND l.product_id = \(bind: try product.requireID())
            ORDER BY i.due_on, i.id LIMIT 1
            """).first(decoding: Row.self)?.number
    }

    /// The source's mail services with a mailbox on `domain`, which move with it; throws (409, naming the mailboxes) when
    /// one cannot: it came with a kSuite, or it also has mailboxes on domains the target does not hold.
    private func mailServicesFollowing(domain: String, from sourceID: UUID, to targetID: UUID, on db: any Database) async throws -> [Product] {
        let services = try await Product.query(on: db).filter(\.$organization.$id == sourceID)
            .filter(\.$kindRaw == ProductKind.mailService.rawValue).all()
        guard !services.isEmpty else { return [] }
        let mailboxes = try await Mailbox.query(on: db).filter(\.$product.$id ~~ services.compactMap(\.id)).all()
        let targetDomains = try await MailboxService(db: db).domains(of: targetID).union([domain])
        var following: [Product] = []
        var staying: [String] = []
        for service in services {
            let addresses = mailboxes.filter { $0.$product.id == service.id }.map { $0.address.lowercased() }
            let onDomain = addresses.filter { MailboxAddress.domainKey(ofAddress: $0) == domain }
            guard !onDomain.isEmpty else { continue }
            let domains = Set(addresses.map(MailboxAddress.domainKey(ofAddress:)))
            if service.isBundledInSuite || !domains.isSubset(of: targetDomains) {
                staying += onDomain
            } else {
                following.append(service)
            }
        }
        guard staying.isEmpty else {
            let sorted = staying.sorted()
            let shown = sorted.prefix(5).joined(separator: ", ") + (sorted.count > 5 ? ", …" : "")
            throw AppError.conflict(messageKey: "error.products.move_domain_mailboxes", arguments: ["mailboxes": shown])
        }
        return following
    }

    /// The other organizations the actor is a legal representative of: where a product may go.
    func destinations(for actor: Membership) async throws -> [Organization] {
        guard actor.role == .legalRepresentative else { return [] }
        return try await Membership.query(on: db).filter(\.$user.$id == actor.$user.id)
            .filter(\.$organization.$id != actor.$organization.id).with(\.$organization).all()
            .filter { $0.role == .legalRepresentative }.map(\.organization).sorted { $0.name < $1.name }
    }
}
