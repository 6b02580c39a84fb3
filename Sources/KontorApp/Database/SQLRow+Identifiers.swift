import Foundation
import KontorDomain
import SQLKit

extension SQLDatabase {
    /// Whether identifiers come back as text (SQLite stores UUIDs as their upper-case text; PostgreSQL as `uuid`).
    var storesIdentifiersAsText: Bool { dialect.name != "postgresql" }
}

extension SQLRow {
    /// A UUID column of a bulk read (the statement import's invoice look-up, 100,000 rows): on SQLite the text is
    /// parsed by `TimeOrderedID.parse`, not by Foundation's `UUID(uuidString:)`, which goes through `sscanf`; on
    /// PostgreSQL the driver's binary `uuid` is already the cheap way.
    func identifier(_ column: String, textIDs: Bool) throws -> UUID {
        guard textIDs else { return try decode(column: column, as: UUID.self) }
        let text = try decode(column: column, as: String.self)
        guard let id = TimeOrderedID.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column) is not a UUID: \(text)"))
        }
        return id
    }

    func optionalIdentifier(_ column: String, textIDs: Bool) throws -> UUID? {
        try decodeNil(column: column) ? nil : identifier(column, textIDs: textIDs)
    }

    /// A nullable column without SQLKit's detour for `Optional` (on SQLite, a decoder object per value).
    func optional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}
