import Foundation
import Vapor

extension Request {
    /// The zone this reader sees times in: the signed-in customer's choice (profile), else the provider's
    /// (`KONTOR_TIME_ZONE`). Staff and visitors read the provider's time.
    var displayTimeZone: TimeZone {
        if let chosen = auth.get(CustomerIdentity.self)?.user.timeZone, let zone = TimeZone(identifier: chosen) { return zone }
        return kontor.config.billing.timeZone
    }
}
