import Foundation
import KontorDomain
import SQLKit

/// A collective booking reported whole in one kind of file and payment by payment in the other: a camt.053 line of the
/// booking's whole amount (a plain entry without `Btch`, or a summary line) beside the camt.054 that lists its payments
/// (`StatementOverlap.wholeBookingsListedElsewhere`). Booked both ways, the whole amount waited for staff as nobody's
/// money beside the payments that had settled invoices. Asked only once a file of the other kind exists
/// (`dropReportedInOtherKind`).
extension BatchImport {
    /// A payment recorded from the other kind of file: whether it still waits for staff, and what it reported.
    struct RecordedElsewhere {
        let id: UUID
        let isUndecided: Bool
        /// Parked for a reason of its own (`outcome` flagged): waiting for staff, but never to be marked over.
        var isParked = false
        let payment: ReportedPayment
    }

    /// This file shows a booking whole whose payments the other kind listed: not booked, counted as listed in a detail
    /// file. Returns the booking references so matched.
    @discardableResult
    func dropWholeBookingsListedElsewhere(_ items: inout [Item], days: Set<String>, summary: inout BankStatementImporter.Summary) async throws -> Set<String> {
        let wholes = items.indices.filter { items[$0].entryReference != nil
            && items[$0].amount?.minorUnits != nil && items[$0].amount?.minorUnits == items[$0].bookingAmountMinor }
        guard !wholes.isEmpty else { return [] }
        // Only parts of collective bookings are asked for (by their booking reference, M084): every lone payment of the
        // other kind is a whole of its own, and those are the pairing's to compare.
        let parts = try await recordedElsewhere(entries: Set(wholes.compactMap { items[$0].entryReference }), days: days,
                                                amounts: "p.amount_minor <> p.booking_amount_minor")
        let listed = StatementOverlap.wholeBookingsListedElsewhere(wholes.map { items[$0].reported }, recorded: parts.map(\.payment))
        guard !listed.isEmpty else { return [] }
        let dropped = Set(listed.map { wholes[$0] })
        let matched = Set(dropped.compactMap { items[$0].entryReference })
        summary.ignored += dropped.count
        items = items.indices.filter { !dropped.contains($0) }.map { items[$0] }
        return matched
    }

    /// This file lists a booking's payments that the other kind recorded whole. Still waiting for staff, that line is
    /// decided here (`listedInDetailAssignment`, conditional like staff's own claim), so nobody credits it beside these
    /// payments; if staff already credited or marked it, these payments are parked for staff (`maybe_in_other_file`),
    /// never booked a second time.
    /// Returns the booking references whose whole line it found.
    @discardableResult
    func settleWholeBookingsRecordedElsewhere(_ items: inout [Item], days: Set<String>) async throws -> Set<String> {
        let parts = items.indices.filter { items[$0].entryReference != nil && items[$0].bookingAmountMinor != nil
            && items[$0].amount?.minorUnits != nil && items[$0].amount?.minorUnits != items[$0].bookingAmountMinor }
        guard !parts.isEmpty else { return [] }
        // A whole line is a payment of its booking's amount: found through the (day, amount) index.
        let bookings = Set(parts.compactMap { items[$0].bookingAmountMinor }).map(String.init).joined(separator: ", ")
        let wholes = try await recordedElsewhere(entries: Set(parts.compactMap { items[$0].entryReference }), days: days,
                                                 amounts: "p.amount_minor = p.booking_amount_minor AND p.amount_minor IN (\(bookings))")
        guard !wholes.isEmpty else { return [] }
        let listed = StatementOverlap.wholeBookingsListedElsewhere(wholes.map(\.payment), recorded: parts.map { items[$0].reported })
        guard !listed.isEmpty else { return [] }
        let claimed = try await stillWaiting(listed.filter { wholes[$0].isUndecided }.map { wholes[$0].id }) { ids in
            "UPDATE bank_payments SET assignment = \(bind: BankPayment.listedInDetailAssignment), assigned_at = \(bind: now) WHERE id IN (\(ids)) AND assignment IS NULL RETURNING id"
        }
        // A line staff decided already (or that a concurrent decision took first): its booking's payments wait for staff.
        let decided = Set(listed.filter { !claimed.contains(wholes[$0].id) }.compactMap { wholes[$0].payment.entryReference })
        for index in parts where decided.contains(items[index].entryReference ?? "") && items[index].outcome != .flagged {
            items[index].outcome = .flagged
            items[index].flag = "maybe_in_other_file"
        }
        return Set(listed.compactMap { wholes[$0].payment.entryReference })
    }

    /// A line of a whole amount that names nothing of its own, beside a collective booking of that amount and day the
    /// other kind of file listed, where one side gives no booking reference: flagged for staff, whichever file came
    /// first (`StatementOverlap.wholeBookingsPerhapsListedElsewhere`). This file's lines are flagged before they are
    /// matched; a line recorded earlier and still waiting is flagged in place, and if staff already credited it, this
    /// file's payments of that booking wait for staff instead (as `settleWholeBookingsRecordedElsewhere` does).
    /// A booking whose whole line was found by its reference (`matched`) is no longer in question; a line parked for a
    /// reason of its own keeps that reason.
    func flagWholeBookingsPerhapsReportedElsewhere(_ items: inout [Item], days: Set<String>, matched: Set<String>) async throws {
        let wholes = items.indices.filter { items[$0].outcome != .flagged && items[$0].amount?.minorUnits != nil
            && items[$0].amount?.minorUnits == items[$0].bookingAmountMinor && items[$0].reported.reference == nil && items[$0].debtorIBAN == nil }
        if !wholes.isEmpty {
            let amounts = Set(wholes.compactMap { items[$0].amount?.minorUnits }).map(String.init).joined(separator: ", ")
            let parts = try await recordedElsewhere(entries: nil, days: days,
                                                    amounts: "p.amount_minor <> p.booking_amount_minor AND p.booking_amount_minor IN (\(amounts))")
            let open = parts.map(\.payment).filter { !matched.contains($0.entryReference ?? "") }
            for position in StatementOverlap.wholeBookingsPerhapsListedElsewhere(wholes.map { items[$0].reported }, parts: open) {
                items[wholes[position]].outcome = .flagged
                items[wholes[position]].flag = "maybe_in_other_file"
            }
        }
        let parts = items.indices.filter { items[$0].bookingAmountMinor != nil && items[$0].amount?.minorUnits != nil
            && items[$0].amount?.minorUnits != items[$0].bookingAmountMinor && !matched.contains(items[$0].entryReference ?? "") }
        guard !parts.isEmpty else { return }
        let bookings = Set(parts.compactMap { items[$0].bookingAmountMinor }).map(String.init).joined(separator: ", ")
        let recorded = try await recordedElsewhere(entries: nil, days: days, amounts: """
            p.amount_minor = p.booking_amount_minor AND p.amount_minor IN (\(bookings)) AND p.reference IS NULL AND p.debtor_iban IS NULL
            """)
        guard !recorded.isEmpty else { return }
        let perhaps = StatementOverlap.wholeBookingsPerhapsListedElsewhere(recorded.map(\.payment), parts: parts.map { items[$0].reported })
        guard !perhaps.isEmpty else { return }
        // Only a line waiting as unidentified is marked: one parked for a reason of its own (a currency no invoice takes,
        // money of ours coming back) keeps it, and neither is it a credit these payments would double.
        let waiting = perhaps.map { recorded[$0] }.filter { $0.isUndecided && !$0.isParked }
        let flagged = try await stillWaiting(waiting.map(\.id)) { ids in
            """
            UPDATE bank_payments SET outcome = \(bind: BankPayment.Outcome.flagged.rawValue), flag = 'maybe_in_other_file'
            WHERE id IN (\(ids)) AND assignment IS NULL AND outcome = 'unidentified' RETURNING id
            """
        }
        // A line staff decided already (or that a concurrent decision took first): its booking's payments wait for staff.
        let decided = perhaps.map { recorded[$0] }.filter { !$0.isParked && !flagged.contains($0.id) }.map(\.payment)
        for index in parts where items[index].outcome != .flagged {
            let part = items[index].reported
            if decided.contains(where: { $0.currency == part.currency && $0.amountMinor == part.bookingAmountMinor
                && $0.isReversal == part.isReversal && $0.day == part.day && ($0.entryReference == nil || part.entryReference == nil) }) {
                items[index].outcome = .flagged
                items[index].flag = "maybe_in_other_file"
            }
        }
    }

    /// Runs `update` (conditional on the payment still waiting, `RETURNING id`) over `ids` 500 at a time: the ids it
    /// changed. A payment staff decided meanwhile is not among them.
    private func stillWaiting(_ ids: [UUID], _ update: (any SQLExpression) -> SQLQueryString) async throws -> Set<UUID> {
        var changed = Set<UUID>()
        for chunk in ids.chunked(500) {
            let list = BulkRows.list(chunk.map { TimeOrderedID.text($0) }, on: sql, as: "uuid")
            for row in try await sql.raw(update(list.query)).all() { changed.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        return changed
    }

    /// The payments the other kind of file recorded for these bookings (any booking when `entries` is nil) on these
    /// days (the booking day, else the value day), narrowed by `amounts` (a condition on `p.amount_minor`, of integers
    /// only).
    private func recordedElsewhere(entries: Set<String>?, days: Set<String>, amounts: String) async throws -> [RecordedElsewhere] {
        var recorded: [RecordedElsewhere] = []
        for dayChunk in Array(days).chunked(200) {
            let dayList = SQLGroupExpression(dayChunk.map { SQLBind($0) as any SQLExpression })
            for entryChunk in entries.map({ Array($0).chunked(500).map(Optional.some) }) ?? [nil] {
                let entryCondition: any SQLExpression = entryChunk.map {
                    SQLQueryString("AND p.entry_reference IN \(SQLGroupExpression($0.map { SQLBind($0) as any SQLExpression }))")
                } ?? SQLRaw("")
                let rows = try await sql.raw("""
                    SELECT \(unsafeRaw: Self.reportedColumns), p.outcome, p.assignment
                    FROM bank_payments p JOIN bank_statement_imports i ON i.id = p.import_id
                    WHERE i.kind <> \(bind: kind) AND \(unsafeRaw: amounts)
                      AND (p.flag IS NULL OR p.flag <> \(bind: BankPayment.awaitingDetailsFlag))
                      AND (p.booking_date IN \(dayList) OR (p.booking_date IS NULL AND p.value_date IN \(dayList)))
                      \(entryCondition)
                    """).all()
                for row in rows {
                    let outcome = try row.decode(column: "outcome", as: String.self)
                    recorded.append(RecordedElsewhere(
                        id: try row.decode(column: "id", as: UUID.self),
                        isUndecided: try row.decode(column: "assignment", as: String?.self) == nil
                            && (outcome == BankPayment.Outcome.unidentified.rawValue || outcome == BankPayment.Outcome.flagged.rawValue),
                        isParked: try row.decode(column: "assignment", as: String?.self) == nil && outcome == BankPayment.Outcome.flagged.rawValue,
                        payment: try Self.reportedPayment(row)))
                }
            }
        }
        return recorded
    }

    /// The columns `reportedPayment` reads, of `bank_payments p`.
    static let reportedColumns = """
        p.id, p.currency, p.amount_minor, p.is_reversal, p.booking_date, p.value_date, p.reference, p.debtor_iban, p.entry_reference,
        p.transaction_reference, p.booking_amount_minor
        """

    /// A recorded payment as `StatementOverlap` compares it, from a row of `reportedColumns`.
    static func reportedPayment(_ row: any SQLRow) throws -> ReportedPayment {
        ReportedPayment(
            currency: try row.decode(column: "currency", as: String.self), amountMinor: try row.decode(column: "amount_minor", as: Int64?.self),
            isReversal: try row.decode(column: "is_reversal", as: Bool.self), bookingDate: try row.decode(column: "booking_date", as: String?.self),
            valueDate: try row.decode(column: "value_date", as: String?.self), reference: try row.decode(column: "reference", as: String?.self),
            debtorIBAN: try row.decode(column: "debtor_iban", as: String?.self), entryReference: try row.decode(column: "entry_reference", as: String?.self),
            transactionReference: try row.decode(column: "transaction_reference", as: String?.self),
            bookingAmountMinor: try row.decode(column: "booking_amount_minor", as: Int64?.self))
    }
}

extension BatchImport.Item {
    /// What this payment reports, as `StatementOverlap` compares two reports of one booking.
    var reported: ReportedPayment {
        ReportedPayment(currency: currencyCode, amountMinor: amount?.minorUnits, isReversal: isReversal, bookingDate: bookingDate,
                        valueDate: valueDate, reference: recordedReference, debtorIBAN: debtorIBAN,
                        entryReference: entryReference, transactionReference: transactionReference, bookingAmountMinor: bookingAmountMinor)
    }
}
