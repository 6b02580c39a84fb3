import Foundation
import Vapor

extension Request {
    /// The IANA zone this reader sees times in: the signed-in customer's choice (profile, checked by `TimeZoneChoice`
    /// when saved), else the provider's (`KONTOR_TIME_ZONE`). Staff and visitors read the provider's time. An
    /// identifier, not a `TimeZone`: `#date` asks for it once per date on a page and keys its formatters by it.
    var displayTimeZoneIdentifier: String {
        auth.get(CustomerIdentity.self)?.user.timeZone ?? kontor.config.billing.timeZone.identifier
    }
}
