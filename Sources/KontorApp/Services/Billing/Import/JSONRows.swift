import Foundation
import SQLKit

/// Many rows handed to the database as ONE bound JSON text, unpacked there with `json_each` (SQLite) or
/// `json_array_elements` (PostgreSQL): a batch of 2,000 payments is one statement with one bind instead of 500-row
/// chunks with a bind per value. (Measured, it did not make the import faster — see docs/benchmarks.md — but it keeps
/// every batch write one statement on both databases.) Values are typed on the way out (`uuid`, `bigint`, `boolean` on
/// PostgreSQL); money stays integer minor units (JSON integers, read back exactly). Rows of mixed types are written
/// by hand rather than with `JSONEncoder`, which would need an `Encodable` type per statement and box every value.
struct JSONRows {
    enum Kind { case uuid, text, int, bool }

    let kinds: [Kind]
    private var bytes: [UInt8] = [UInt8(ascii: "[")]
    private(set) var count = 0

    init(_ kinds: [Kind]) { self.kinds = kinds }

    enum Value {
        case text(String?)
        case int(Int64?)
        case bool(Bool)
        case uuid(UUID?)
    }

    /// Appends one row; `values` follow `kinds`.
    mutating func append(_ values: [Value]) {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch value {
            case .text(let text?): Self.appendString(text, to: &bytes)
            case .uuid(let id?): Self.appendString(id.uuidString, to: &bytes)
            case .int(let number?): bytes.append(contentsOf: String(number).utf8)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .text(nil), .uuid(nil), .int(nil): bytes.append(contentsOf: "null".utf8)
            }
        }
        bytes.append(UInt8(ascii: "]"))
        count += 1
    }

    var json: String { String(decoding: bytes + [UInt8(ascii: "]")], as: UTF8.self) }

    /// The column expressions that read the rows' values (`value` is each row), typed for the dialect.
    func columns(on sql: any SQLDatabase) -> String { columnList(on: sql).joined(separator: ", ") }

    /// The same one by one, for a statement that wraps some of them (`CASE WHEN … THEN`).
    func columnList(on sql: any SQLDatabase) -> [String] {
        let postgres = sql.dialect.name == "postgresql"
        return kinds.enumerated().map { index, kind in
            guard postgres else { return "json_extract(value, '$[\(index)]')" }
            let type = switch kind {
            case .uuid: "uuid"
            case .text: "text"
            case .int: "bigint"
            case .bool: "boolean"
            }
            return "(value->>\(index))::\(type)"
        }
    }

    /// What goes after `FROM`: the rows as a table of `value`s, the JSON bound (never in the SQL text).
    func source(on sql: any SQLDatabase) -> SQLQueryString {
        sql.dialect.name == "postgresql" ? "json_array_elements(\(bind: json)::json)" : "json_each(\(bind: json))"
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
