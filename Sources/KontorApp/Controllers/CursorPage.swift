import Fluent
import FluentSQL
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// One page of a list read newest first: `?limit=` items, and `?before=<id>` the `nextBefore` of the previous page
/// (the pattern of `GET /me/security-events`). The cursor is a row's id; the page continues below that row in the
/// list's own order, so rows added meanwhile neither repeat nor shift an item out of sight as an offset would.
struct CursorPage: Sendable {
    let limit: Int
    let before: UUID?

    static let maximumLimit = 200

    /// Reads `?limit=1…200` (default `defaultLimit`) and `?before=<uuid>`; a bad value is a 422 naming the parameter.
    init(_ request: Request, defaultLimit: Int) throws {
        var errors: [FieldError] = []
        var limit = defaultLimit
        if let text = try request.optionalQuery("limit") {
            if let value = Int(text), (1...Self.maximumLimit).contains(value) { limit = value }
            else { errors.append(FieldError(field: "limit", messageKey: "error.billing.limit")) }
        }
        var before: UUID?
        if let text = try request.optionalQuery("before") {
            before = UUID(uuidString: text)
            if before == nil { errors.append(FieldError(field: "before", messageKey: "error.paging.before_unknown")) }
        }
        try ValidationFailure.check(errors)
        (self.limit, self.before) = (limit, before)
    }

    init(limit: Int, before: UUID? = nil) { (self.limit, self.before) = (limit, before) }

    /// Refuses a cursor that is not a row of this list (another organization's, or made up): 422 on `before`.
    static func unknownCursor() -> ValidationFailure {
        ValidationFailure([FieldError(field: "before", messageKey: "error.paging.before_unknown")])
    }

    /// Restricts `query` to the rows after the cursor row in the descending order of `columns` (the last one unique).
    static func rows<M: Model>(_ query: QueryBuilder<M>, after cursor: UUID, by columns: [String]) -> QueryBuilder<M> {
        let table = M.schema
        return query.filter(.sql(embed: """
            (\(SQLKit.SQLList(columns.map { SQLColumn($0, table: table) }))) < \
            (SELECT \(SQLKit.SQLList(columns.map { SQLColumn($0, table: "anchor") })) FROM \(ident: table) AS anchor WHERE anchor.id = \(bind: cursor))
            """))
    }

    /// The items of the page from `fetched` (read with `limit + 1`) and the cursor of the next page, nil on the last.
    func split<T>(_ fetched: [T], id: (T) -> UUID?) -> (items: [T], nextBefore: UUID?) {
        let items = Array(fetched.prefix(limit))
        return (items, fetched.count > limit ? items.last.flatMap(id) : nil)
    }
}
