/// The day up to which a bank file reports payments: what "payments received up to <day> are taken into account"
/// may promise after importing it, and what decides whether statements are recent enough to send reminders.
///
/// It is the file's own date — the later of its creation day (`GrpHdr/CreDtTm`) and its latest booking day — never
/// the day someone uploaded it: re-importing last month's file today must not make last month look like today, or
/// reminders would resume and cross payments the bank has not reported yet. It is never later than the import day
/// (a file dated in the future promises nothing beyond today).
public enum StatementCoverage {
    /// `YYYY-MM-DD`; `createdAt` is an ISO date-time as written (its date part is the bank's own calendar day),
    /// `latestBookingDate` and `importedOn` are `YYYY-MM-DD`. A creation time that does not start with a valid day
    /// counts for nothing; a file that tells no day at all covers nothing (nil) and so never makes statements look
    /// recent.
    public static func day(createdAt: String, latestBookingDate: String?, importedOn: String) -> String? {
        let created = CivilDay.number(String(createdAt.prefix(10)))
        let booked = latestBookingDate.flatMap(CivilDay.number)
        guard let imported = CivilDay.number(importedOn), let covered = [created, booked].compactMap({ $0 }).max() else { return nil }
        return CivilDay.text(min(covered, imported))
    }
}
