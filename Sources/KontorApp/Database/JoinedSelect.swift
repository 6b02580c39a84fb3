import FluentKit
import SQLKit

/// A hand-written join of two Fluent models for the few reads on every request (the session with its user, the
/// memberships with their organizations). Fluent's query builder re-builds and re-escapes its aliased column list
/// on every call, which measured as the largest framework cost of a signed-in page; these statements are built
/// once, from the models' own column lists, so they follow every migration. Decode the first model with
/// `row.decode(fluentModel:)` and the joined one through `PrefixedRow`.
enum JoinedSelect {
    /// `SELECT a.<every column>, b.<every column> AS "<prefix><column>" FROM a JOIN b ON <condition>`.
    static func sql<A: Model, B: Model>(_ base: A.Type, as a: String, joining joined: B.Type, as b: String, prefix: String,
                                        on condition: String) -> String {
        let left = A.keys.map { "\(a).\"\($0.description)\"" }
        let right = B.keys.map { "\(b).\"\($0.description)\" AS \"\(prefix)\($0.description)\"" }
        return "SELECT " + (left + right).joined(separator: ", ")
            + " FROM \"\(A.schema)\" \(a) JOIN \"\(B.schema)\" \(b) ON " + condition
    }
}

/// A row's columns that start with `prefix`, seen without it: the joined model's half of a `JoinedSelect` row.
struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    var allColumns: [String] { row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
    func contains(column: String) -> Bool { row.contains(column: prefix + column) }
    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: prefix + column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try row.decode(column: prefix + column, as: type) }
}
