import Fluent
import Foundation

/// What happens to an organization's services when an invoice reaches the ladder's suspension step, and again
/// when it is paid. Billing decides when; products (issue 13) implement what — suspending hosting, mail and the
/// rest through the same states as an expired product. Until then the step is recorded and logged only.
protocol SuspensionHook: Sendable {
    func suspend(organizationID: UUID, because invoice: Invoice, on db: any Database) async throws
}

/// Records nothing beyond the reminder row itself: no product can be suspended before products implement it.
struct LoggingSuspensionHook: SuspensionHook {
    let logger: Logger

    func suspend(organizationID: UUID, because invoice: Invoice, on db: any Database) async throws {
        logger.notice("Suspension step reached for organization \(organizationID) by invoice \(invoice.number)")
    }
}

import Logging
