import Foundation
import KontorDomain
import Vapor

/// The JSON shapes of a kSuite's seats and upgrades, a mail service's mailboxes and moving a product.
extension APIModels {
    struct SuiteSeats: Content {
        struct Seat: Content {
            let id: UUID
            let userId: UUID
            let name: String
            let email: String
            let assignedAt: Date
        }
        /// The plan's seats and storage; null for a suite provisioned without a plan.
        let users: Int?
        let storageGB: Int?
        let seats: [Seat]
    }
    struct SeatInput: Content { var memberId: UUID? }
    struct UpgradeOption: Content {
        let itemId: UUID
        let name: String
        let users: Int
        let storageGB: Int
        /// What upgrading today costs for the rest of the current period (prorated to the day).
        let charge: Amount
    }
    struct UpgradeInput: Content {
        var itemId: UUID?
        var idempotencyKey: String?
    }
    struct SuiteUpgrade: Content {
        let id: UUID
        let users: Int
        let storageGB: Int
        let charge: Amount
        /// The invoice of the prorated charge; null when it came to nothing.
        let invoiceId: UUID?
    }
    struct Mailbox: Content {
        let id: UUID
        let address: String
        let createdAt: Date
    }
    struct MailboxInput: Content { var address: String? }
    struct MoveInput: Content { var organizationId: UUID? }

    static func seat(_ seat: KontorApp.SuiteSeat) -> SuiteSeats.Seat {
        .init(id: seat.id!, userId: seat.$user.id, name: seat.user.name, email: seat.user.email, assignedAt: seat.createdAt)
    }

    static func suiteUpgrade(_ upgrade: KontorApp.SuiteUpgrade) -> SuiteUpgrade {
        .init(id: upgrade.id!, users: upgrade.toUsers, storageGB: upgrade.toStorageGB,
              charge: .init(amountMinor: upgrade.amountMinor, currency: upgrade.currencyCode), invoiceId: upgrade.invoiceID)
    }
}

extension APIModels.Amount {
    init(amountMinor: Int64, currency: String) {
        self.amountMinor = amountMinor
        self.currency = currency
    }
}
