import Foundation

/// The time zone a customer reads times in, chosen in the profile (issue 11 §4: "times in UTC with no zone").
/// Empty means the provider's own zone (`KONTOR_TIME_ZONE`); anything else must be an IANA name the system knows.
public enum TimeZoneChoice {
    /// nil for the provider's zone; the zone's identifier otherwise; a field error for anything unknown.
    public static func parse(_ raw: String?, field: String = "time_zone") -> Result<String?, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .success(nil) }
        guard text.count <= 64, known.contains(text), TimeZone(identifier: text) != nil else {
            return .failure(FieldError(field: field, messageKey: "error.profile.time_zone"))
        }
        return .success(text)
    }

    /// Every zone the system knows, as offered in the profile: region names (`Europe/Zurich`) sorted, plus UTC.
    public static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    /// The zones offered, grouped names first by region (`Africa/…`, `America/…`, `Europe/…`), then UTC.
    public static let offered: [String] = known.filter { $0.contains("/") }.sorted() + ["UTC"]
}
