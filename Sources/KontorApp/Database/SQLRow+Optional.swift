import SQLKit

extension SQLRow {
    /// A nullable column without SQLKit's detour for `Optional` (on SQLite, a decoder object per value). A UUID column
    /// is read with `decode(column:as: UUID.self)` like any other: on SQLite `SQLiteRowReader` parses its text without
    /// `sscanf`, on PostgreSQL the driver's binary `uuid` is already the cheap way.
    func optional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}
