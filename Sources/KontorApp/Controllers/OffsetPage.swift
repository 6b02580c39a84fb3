import KontorDomain
import Vapor

/// `?limit=1…200&offset=0…1,000,000` of the lists that page by position (prepaid movements, the staff queues): a bad
/// value is a 422 naming the parameter, both reported at once. Lists that grow at the top page by `CursorPage`.
struct OffsetPage: Sendable {
    let limit: Int
    let offset: Int

    init(_ request: Request, defaultLimit: Int = 50) throws {
        var errors: [FieldError] = []
        let limit = try request.optionalQuery("limit").map { Int($0) } ?? defaultLimit
        let offset = try request.optionalQuery("offset").map { Int($0) } ?? 0
        if limit.map({ !(1...CursorPage.maximumLimit).contains($0) }) ?? true { errors.append(FieldError(field: "limit", messageKey: "error.billing.limit")) }
        if offset.map({ !(0...1_000_000).contains($0) }) ?? true { errors.append(FieldError(field: "offset", messageKey: "error.billing.offset")) }
        try ValidationFailure.check(errors)
        (self.limit, self.offset) = (limit!, offset!)
    }
}
