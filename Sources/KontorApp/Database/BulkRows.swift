import Foundation
import KontorDomain
import SQLKit
import SQLiteNIO

/// Many rows handed to the database in one statement, for the bulk writers (statement import, renewal run,
/// reminder run, invoices issued in bulk): `INSERT … SELECT \(columns) FROM \(source)`.
/// - On PostgreSQL the rows are ONE bound JSON text unpacked with `jsonb_array_elements`, values typed on the way out
///   (`uuid`, `bigint`, `boolean`): one bind instead of one per value, which PostgreSQL caps at 65,535. As `jsonb`,
///   not `json`: `value->>n` on a `json` value parses the row's text again for every column (20,000 invoice rows of
///   30 columns: 1.42 s as `json`, 0.17 s as `jsonb`, which parses each row once).
/// - On SQLite they are a `VALUES` table with a placeholder per value, all values one bind for SQLKit
///   (`SQLiteValuesTable`, spread out by `ImmediateTransactionDatabase`). Unpacking JSON there cost
///   more than the inserts themselves: `json_extract` walks each row's text once per column (measured on the
///   100,000-payment import: the payments' insert went from 2.9 s to 0.9 s; docs/benchmarks.md).
/// Money stays integer minor units either way. Rows of mixed types are written by hand rather than with
/// `JSONEncoder`, which would need an `Encodable` type per statement and box every value.
///
/// A column that holds the same value in every row (a statement's account, currency and booking day; a run's issue
/// day, series and language) is written once into the SQL as a literal instead of once per row, when the literal
/// cannot carry anything but itself: numbers, booleans, nulls, ids, and texts of letters, digits and `-_.:+@ `
/// (`sharedLiteral`). Anything else stays a per-row value, bound, whatever it holds. Parsing and binding the per-row
/// values is most of a bulk statement's cost on SQLite (docs/benchmarks.md), so fewer of them is faster on both.
struct BulkRows {
    enum Kind { case uuid, text, int, bool }

    let kinds: [Kind]
    private var values: [Value] = []
    private(set) var count = 0
    /// The first row, and whether each column has held another value since.
    private var firstRow: [Value] = []
    private var varies: [Bool]

    init(_ kinds: [Kind]) {
        self.kinds = kinds
        varies = Array(repeating: false, count: kinds.count)
    }

    enum Value: Equatable {
        case text(String?)
        case int(Int64?)
        case bool(Bool)
        case uuid(UUID?)
    }

    /// Appends one row; `values` follow `kinds`.
    mutating func append(_ row: [Value]) {
        precondition(row.count == kinds.count, "a row of \(row.count) values for \(kinds.count) columns")
        if count == 0 {
            firstRow = row
        } else {
            for column in row.indices where !varies[column] && row[column] != firstRow[column] { varies[column] = true }
        }
        values.append(contentsOf: row)
        count += 1
    }

    /// The columns whose values go row by row into the source; the others are written once, as `sharedLiteral`s.
    /// The first column always goes row by row, so the source has at least one.
    private var perRowColumns: [Int] {
        guard count > 0 else { return Array(kinds.indices) }
        return kinds.indices.filter { $0 == 0 || varies[$0] || !Self.writableAsLiteral(firstRow[$0]) }
    }

    /// Whether a value can be written into SQL as a literal that only ever means itself. Texts qualify only when made
    /// of ASCII letters, digits and `-_.:+@ ` (at most 100): no quote, backslash or anything a dialect could read
    /// differently, so a bank file's or a customer's text is never written into SQL, only bound.
    private static func writableAsLiteral(_ value: Value) -> Bool {
        guard case .text(let text?) = value else { return true }
        return text.utf8.count <= 100 && text.utf8.allSatisfy(isPlain)
    }

    /// A value that is `writableAsLiteral`, as SQL text for the dialect.
    private static func sharedLiteral(_ value: Value, dialect: String) -> String {
        precondition(writableAsLiteral(value), "only plain values are written into SQL")
        let postgres = dialect == "postgresql"
        switch value {
        // In parentheses: PostgreSQL's `::` binds before a unary minus, and -9223372036854775808 is only a bigint whole.
        case .int(let number?): return postgres ? "(\(number))::bigint" : "(\(number))"
        case .bool(let flag): return postgres ? (flag ? "true" : "false") : (flag ? "1" : "0")
        case .uuid(let id?): return postgres ? "'\(TimeOrderedID.text(id))'::uuid" : "'\(TimeOrderedID.text(id))'"
        case .text(let text?): return postgres ? "'\(text)'::text" : "'\(text)'"
        case .text(nil): return postgres ? "NULL::text" : "NULL"
        case .int(nil): return postgres ? "NULL::bigint" : "NULL"
        case .uuid(nil): return postgres ? "NULL::uuid" : "NULL"
        }
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: " "): true
        default: false
        }
    }

    /// The rows as one JSON array of arrays of their per-row columns (PostgreSQL's source).
    var json: String {
        let columns = perRowColumns
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for row in 0..<count {
            bytes.append(contentsOf: row == 0 ? [UInt8(ascii: "[")] : [UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: "[")])
            for (position, column) in columns.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.appendJSON(values[row * kinds.count + column], to: &bytes)
            }
        }
        if count > 0 { bytes.append(UInt8(ascii: "]")) }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendJSON(_ value: Value, to bytes: inout [UInt8]) {
            switch value {
            case .text(let text?): Self.appendString(text, to: &bytes)
            case .uuid(let id?): Self.appendString(TimeOrderedID.text(id), to: &bytes)
            case .int(let number?): bytes.append(contentsOf: String(number).utf8)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .text(nil), .uuid(nil), .int(nil): bytes.append(contentsOf: "null".utf8)
            }
    }

    /// The column expressions that read the rows' values, typed for the dialect.
    func columns(on sql: any SQLDatabase) -> String { columnList(on: sql).joined(separator: ", ") }

    /// The same one by one, for a statement that wraps some of them (`CASE WHEN … THEN`).
    func columnList(on sql: any SQLDatabase) -> [String] {
        let dialect = sql.dialect.name
        var position: [Int: Int] = [:]   // a per-row column's place in the source
        for (place, column) in perRowColumns.enumerated() { position[column] = place }
        return kinds.enumerated().map { index, kind in
            guard let place = position[index] else { return Self.sharedLiteral(firstRow[index], dialect: dialect) }
            guard dialect == "postgresql" else { return "column\(place + 1)" }
            let type = switch kind {
            case .uuid: "uuid"
            case .text: "text"
            case .int: "bigint"
            case .bool: "boolean"
            }
            return "(value->>\(place))::\(type)"
        }
    }

    /// What goes after `FROM`: the rows as a table, their values bound (never in the SQL text).
    func source(on sql: any SQLDatabase) -> SQLQueryString {
        if sql.dialect.name == "postgresql" { return "jsonb_array_elements(\(bind: json)::jsonb)" }
        let columns = perRowColumns
        return "\(SQLiteValuesTable(values: sqliteData(of: columns), width: columns.count))"
    }

    /// The values of `columns`, row after row, as SQLite binds them.
    private func sqliteData(of columns: [Int]) -> [SQLiteData] {
        guard columns.count < kinds.count else { return values.map(\.sqliteData) }
        var data: [SQLiteData] = []
        data.reserveCapacity(count * columns.count)
        for row in 0..<count {
            for column in columns { data.append(values[row * kinds.count + column].sqliteData) }
        }
        return data
    }

    /// A JSON array of strings, and the SQL that lists them (`IN (…)`), for look-ups by many keys at once.
    static func list(_ values: some Sequence<String>, on sql: any SQLDatabase, as type: String = "text") -> (json: String, query: SQLQueryString) {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        let json = String(decoding: bytes, as: UTF8.self)
        if sql.dialect.name == "postgresql" {
            return (json, "SELECT value::\(unsafeRaw: type) FROM json_array_elements_text(\(bind: json)::json)")
        }
        return (json, "SELECT value FROM json_each(\(bind: json))")
    }

    /// A JSON array of strings as text (`["a","b"]`).
    static func stringArray(_ values: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; everything else as UTF-8.
    private static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        // Most values (references, names, whole e-mails) need no escape at all: copy them in one go.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
    }
}

extension BulkRows.Value {
    /// The value as SQLite stores it: UUIDs as their upper-case text (as Fluent writes them), booleans as 0 or 1.
    var sqliteData: SQLiteData {
        switch self {
        case .text(let text?): .text(text)
        case .uuid(let id?): .text(TimeOrderedID.text(id))
        case .int(let number?): .integer(Int(number))
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .text(nil), .uuid(nil), .int(nil): .null
        }
    }
}

/// `(VALUES (?, ?), (?, ?) …)`: rows as a table whose columns are `column1`, `column2`, …, each value a bind.
/// Serialized directly rather than through `SQLQueryString` interpolation, which would build an expression per
/// value; the values are already `SQLiteData`, so SQLiteKit's encoder passes them through.
struct SQLiteValuesTable: SQLExpression {
    let values: [SQLiteData]
    let width: Int

    func serialize(to serializer: inout SQLSerializer) {
        guard !values.isEmpty else {
            // No rows: a table of the same columns that yields none.
            serializer.write("(SELECT " + (1...width).map { "NULL AS column\($0)" }.joined(separator: ", ") + " WHERE 0)")
            return
        }
        // One text for all placeholders and all values as one bind: SQLKit's `write(bind:)` formats a numbered
        // `?NNN` per value (a fifth of the import's own time), and a bind per value boxed each one in an existential
        // that `ImmediateTransactionDatabase` cast back. A bare `?` takes the number after the largest so far, which
        // is the value's position once `ImmediateTransactionDatabase` spreads the values out where this bind stands;
        // so no bind may follow the table in its statement (`MisplacedTable` otherwise).
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        var text = "(VALUES "
        text.reserveCapacity(10 + (row.utf8.count + 2) * values.count / width)
        for index in 0..<(values.count / width) {
            if index > 0 { text += ", " }
            text += row
        }
        text += ")"
        serializer.binds.append(Bound(values: values))
        serializer.write(text)
    }

    /// A statement that binds a value after its VALUES table: refused before it reaches SQLite.
    struct MisplacedTable: Error, CustomStringConvertible {
        let statement: String
        var description: String { "a bind follows a VALUES table in: \(statement.prefix(200))" }
    }

    /// The table's values, bound as they are: `ImmediateTransactionDatabase` takes them without asking SQLiteKit's
    /// encoder, which casts every bind to find out whether it converts itself (a conformance look-up per value).
    struct Bound: Encodable, Sendable {
        let values: [SQLiteData]

        /// Only `ImmediateTransactionDatabase` runs these statements; anything else encoding it is a mistake.
        func encode(to encoder: any Encoder) throws {
            throw EncodingError.invalidValue(values, .init(codingPath: encoder.codingPath,
                                                           debugDescription: "a VALUES table is bound by ImmediateTransactionDatabase only"))
        }
    }
}
