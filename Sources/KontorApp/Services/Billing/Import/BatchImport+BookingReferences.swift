import Foundation
import KontorDomain
import SQLKit

/// The other kind of file may date a booking otherwise (the camt.053 on its booking day, the camt.054 on the next, or on
/// its value day only): payments it recorded under the booking references of this batch are compared too, whatever day
/// they give within `StatementOverlap.bookingReferenceDays` (M084 indexes `entry_reference`). Asked by the day alone,
/// such a payment was never compared, and the camt.054 credited it a second time.
extension BatchImport {
    /// The payments of the other kind recorded under the booking references of `items`, of these amounts, dated within
    /// `StatementOverlap.bookingReferenceDays` of the batch's days, other than those already found (`besides`).
    func recordedUnderBookingReferences(of items: [Item], amounts: Set<Int64>, besides: Set<UUID>) async throws -> [(id: UUID, payment: ReportedPayment)] {
        let references = Set(items.compactMap(\.entryReference))
        let days = items.compactMap { ($0.bookingDate ?? $0.valueDate).flatMap(CivilDay.number) }
        guard !references.isEmpty, let first = days.min(), let last = days.max() else { return [] }
        let (from, to) = (CivilDay.text(first - StatementOverlap.bookingReferenceDays), CivilDay.text(last + StatementOverlap.bookingReferenceDays))
        var recorded: [(id: UUID, payment: ReportedPayment)] = []
        for chunk in Array(references).chunked(500) {
            let rows = try await sql.raw("""
                SELECT \(unsafeRaw: Self.reportedColumns)
                FROM bank_payments p JOIN bank_statement_imports i ON i.id = p.import_id
                WHERE p.entry_reference IN \(SQLGroupExpression(chunk.map { SQLBind($0) as any SQLExpression })) AND i.kind <> \(bind: kind)
                  AND (p.booking_date BETWEEN \(bind: from) AND \(bind: to) OR (p.booking_date IS NULL AND p.value_date BETWEEN \(bind: from) AND \(bind: to)))
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                guard !besides.contains(id) else { continue }
                let payment = try Self.reportedPayment(row)
                if let amount = payment.amountMinor, amounts.contains(amount) { recorded.append((id, payment)) }
            }
        }
        return recorded
    }
}
