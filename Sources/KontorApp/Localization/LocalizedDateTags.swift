import KontorDomain
import Leaf
import LeafKit

/// `#day(value[, "UTC"])`: the day as the reader's language writes it (`30.11.2026`, `30/11/2026`, `2026-11-30`:
/// `DayFormatting`), the same form as the invoices and the prepaid account use. Without a zone the day is
/// the reader's (`Request.displayTimeZoneIdentifier`); calendar days stored as midnight UTC (a product's renewal
/// day) pass `"UTC"` so they read the same day everywhere.
struct DayTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let (seconds, zone) = try LocalizedDate.arguments(ctx, tag: "day")
        return .string(LocalizedDate.day(seconds, zone: zone, ctx.request?.language ?? .en))
    }
}

/// `#moment(value)`: a point in time in the reader's time zone and language — the day as `#day` writes it, the time
/// on the 24-hour clock (as in all five languages in Switzerland) and the zone's abbreviation: `30.11.2026 14:05 CET`.
struct MomentTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let (seconds, zone) = try LocalizedDate.arguments(ctx, tag: "moment")
        return .string(LocalizedDate.moment(seconds, zone: zone, ctx.request?.language ?? .en))
    }
}

enum LocalizedDate {
    static func day(_ seconds: Double, zone: String?, _ language: Language) -> String {
        DayFormatting.format(CachedDateTag.format(seconds, "yyyy-MM-dd", zone: zone), language)
    }

    static func moment(_ seconds: Double, zone: String?, _ language: Language) -> String {
        day(seconds, zone: zone, language) + " " + CachedDateTag.format(seconds, "HH:mm zzz", zone: zone)
    }

    fileprivate static func arguments(_ ctx: LeafContext, tag: String) throws -> (Double, String?) {
        let parameters = ctx.parameters
        guard (1...2).contains(parameters.count), let seconds = parameters[0].double else {
            throw LeafError(.unknownError("#\(tag)(date[, \"zone\"]): a date is needed"))
        }
        if parameters.count == 2 {
            guard let zone = parameters[1].string else { throw LeafError(.unknownError("#\(tag)(): the zone must be text")) }
            return (seconds, zone)
        }
        return (seconds, ctx.request?.displayTimeZoneIdentifier)
    }
}
