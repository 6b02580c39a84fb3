import Foundation
import KontorDomain
import SQLKit
import SQLiteKit
import SQLiteNIO

/// An SQLite row as SQLKit reads it, as SQLiteKit's own wrapper does (`SQLiteRow.sql()`), with two differences that
/// bulk reads (the renewal run's 100,000 products, twice) showed in a profile:
/// - one `SQLiteDataDecoder` per statement, not one per row (each makes a `JSONDecoder`);
/// - a UUID column holding text is parsed by `TimeOrderedID.parse` instead of Foundation's `UUID(uuidString:)`
///   (`sscanf`). Anything else, and a UUID it cannot parse, goes through SQLiteKit's decoder unchanged.
struct SQLiteRowReader: SQLRow {
    let row: SQLiteRow
    let decoder: SQLiteDataDecoder

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "no column \(column) in the row" }
    }

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let data = row.column(column) else { return true }
        return data == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else { throw MissingColumn(column: column) }
        if D.self == UUID.self, case .text(let text) = data, let id = TimeOrderedID.parse(text) { return id as! D }
        return try decoder.decode(D.self, from: data)
    }
}
