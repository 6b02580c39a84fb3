import Fluent
import Foundation

/// What happens to an organization's services when an invoice reaches the ladder's suspension step, and again
/// when it is paid. Billing decides when; products decide what (`ProductSuspension`: the same `suspended` state as
/// an expired product, lifted when no open invoice of the organization is at the step any more).
protocol SuspensionHook: Sendable {
    func suspend(organizationID: UUID, because invoice: Invoice, on db: any Database) async throws
}
