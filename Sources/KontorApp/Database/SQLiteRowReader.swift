import Foundation
import KontorDomain
import SQLKit
import SQLiteKit
import SQLiteNIO

/// An SQLite row as SQLKit reads it, as SQLiteKit's own wrapper does (`SQLiteRow.sql()`), with two differences that
/// bulk reads (the renewal run's 100,000 products, twice) showed in a profile:
/// - one `SQLiteDataDecoder` per statement, not one per row (each makes a `JSONDecoder`);
/// - a UUID column holding text is parsed by `TimeOrderedID.parse` instead of Foundation's `UUID(uuidString:)`
///   (`sscanf`), and text, numbers, booleans and dates are converted without SQLiteKit's dynamic casts (`direct`).
///   Anything else, and a value those conversions refuse, goes through SQLiteKit's decoder unchanged.
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
        if let value = Self.direct(D.self, data) { return value }
        return try decoder.decode(D.self, from: data)
    }

    /// The column types Kontor reads most, converted as SQLiteNIO's own `SQLiteDataConvertible` conversions do, but
    /// chosen by comparing types instead of SQLiteKit's cast of `D` to an existential metatype for every value. Nil:
    /// let SQLiteKit's decoder convert it (or say why it cannot).
    @inline(__always)
    private static func direct<D>(_ type: D.Type, _ data: SQLiteData) -> D? {
        if D.self == String.self { return String(sqliteData: data).map { unsafeBitCast($0, to: D.self) } }
        if D.self == UUID.self {
            guard case .text(let text) = data, let id = TimeOrderedID.parse(text) else { return nil }
            return unsafeBitCast(id, to: D.self)
        }
        if D.self == Date.self { return Date(sqliteData: data).map { unsafeBitCast($0, to: D.self) } }
        if D.self == Int.self { return Int(sqliteData: data).map { unsafeBitCast($0, to: D.self) } }
        if D.self == Int64.self { return Int64(sqliteData: data).map { unsafeBitCast($0, to: D.self) } }
        if D.self == Bool.self { return Bool(sqliteData: data).map { unsafeBitCast($0, to: D.self) } }
        if D.self == Double.self { return Double(sqliteData: data).map { unsafeBitCast($0, to: D.self) } }
        return nil
    }
}
