/// The day up to which a bank file reports payments: what "payments received up to <day> are taken into account"
/// may promise after importing it, and what decides whether statements are recent enough to send reminders.
///
/// It is the file's own date — the later of its creation day (`GrpHdr/CreDtTm`) and its latest booking day — never
/// the day someone uploaded it: re-importing last month's file today must not make last month look like today, or
/// reminders would resume and cross payments the bank has not reported yet. It is never later than the import day.
///
/// A day the file cannot truly have counts for nothing: a creation day after the import day, or a booking day after
/// the file was created (a day of grace for the bank's time zone). Such a day is a typo (2027 for 2026) or a file
/// from the future; clamped to the import day, it made a stale statement look up to date, and reminders went out
/// across the weeks no file had reported (bank probe round 8).
public enum StatementCoverage {
    /// `YYYY-MM-DD`; `createdAt` is an ISO date-time as written (its date part is the bank's own calendar day),
    /// `latestBookingDate` and `importedOn` are `YYYY-MM-DD`. A creation time that does not start with a valid day
    /// counts for nothing; a file that tells no believable day at all covers nothing (nil) and so never makes
    /// statements look recent.
    public static func day(createdAt: String, latestBookingDate: String?, importedOn: String) -> String? {
        guard let imported = CivilDay.number(importedOn) else { return nil }
        let created = CivilDay.number(String(createdAt.prefix(10))).flatMap { $0 <= imported + 1 ? $0 : nil }
        let booked = latestBookingDate.flatMap(CivilDay.number).flatMap { $0 <= (created ?? imported) + 1 ? $0 : nil }
        guard let covered = [created, booked].compactMap({ $0 }).max() else { return nil }
        return CivilDay.text(min(covered, imported))
    }
}
