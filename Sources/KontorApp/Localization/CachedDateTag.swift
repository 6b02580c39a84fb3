import Foundation
import Leaf
import LeafKit
import NIOConcurrencyHelpers

/// `#date(value, "format"[, "time zone"])` as Leaf's own tag renders it, without building a `DateFormatter` on
/// every call (a profile of the products page found it among the top costs): one formatter per format and zone,
/// used under a lock because formatters are not safe to share between threads.
///
/// Without a zone, the reader's (`Request.displayTimeZoneIdentifier`: the customer's choice, else the provider's), never the
/// server's; a format's `zzz` prints its abbreviation (`CET`, `GMT+1`). Calendar days stored as midnight UTC (a
/// product's renewal day) pass `"UTC"` so they read the same day everywhere.
struct CachedDateTag: LeafTag {
    private static let formatters = NIOLockedValueBox<[String: DateFormatter]>([:])

    func render(_ ctx: LeafContext) throws -> LeafData {
        let parameters = ctx.parameters
        guard (1...3).contains(parameters.count) else { throw LeafError(.unknownError("invalid parameters provided for date")) }
        let format = parameters.count >= 2 ? parameters[1].string : "yyyy-MM-dd'T'HH:mm:ss"
        guard let format else { throw LeafError(.unknownError("#date(): Unable to convert date format to string")) }
        let explicit = parameters.count == 3 ? parameters[2].string : nil
        if parameters.count == 3, explicit == nil { throw LeafError(.unknownError("#date(): Unable to convert time zone to string")) }
        let zone = explicit ?? ctx.request?.displayTimeZoneIdentifier
        guard let seconds = parameters[0].double else {
            throw LeafError(.unknownError("#date(): Unable to convert parameter to double for date"))
        }
        return .string(Self.format(seconds, format, zone: zone))
    }

    /// `seconds` since 1970 written with `format` (POSIX, so digits and names never change with the server's
    /// locale) in `zone`, by a formatter made once per format and zone.
    static func format(_ seconds: Double, _ format: String, zone: String?) -> String {
        let key = format + "|" + (zone ?? "")
        return Self.formatters.withLockedValue { formatters in
            let formatter = formatters[key] ?? {
                let made = DateFormatter()
                made.locale = Locale(identifier: "en_US_POSIX")
                made.dateFormat = format
                if let zone { made.timeZone = TimeZone(identifier: zone) }
                formatters[key] = made
                return made
            }()
            return formatter.string(from: Date(timeIntervalSince1970: seconds))
        }
    }
}
