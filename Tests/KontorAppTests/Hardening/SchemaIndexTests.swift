import Foundation
@testable import KontorApp
import SQLKit
import Testing

/// Every index costs each row written to its table an entry. One whose columns begin another index on the same table
/// answers nothing the longer one does not, so it only slows the bulk writers (renewal run, statement import).
@Suite("The schema carries no index another index already covers")
struct SchemaIndexTests {
    struct Index: Decodable, CustomStringConvertible {
        let table: String
        let name: String
        let columns: [String]
        let unique: Bool
        let partial: Bool
        var description: String { "\(name) on \(table) (\(columns.joined(separator: ", ")))" }
    }

    @Test("no plain index is the leading part of another index on the same table, on the migrated schema")
    func noIndexCoveredByAnother() async throws {
        try await withTestApp { app, _ in
            let indexes = try await Self.indexes(app.db as! any SQLDatabase)
            #expect(indexes.contains { $0.name == "products_renewal_due" }, "the catalog read finds the schema's indexes: \(indexes.count)")
            for short in indexes where !short.unique && !short.partial && !short.columns.isEmpty {
                for long in indexes where long.table == short.table && long.name != short.name && !long.partial
                    && long.columns.count > short.columns.count && Array(long.columns.prefix(short.columns.count)) == short.columns {
                    Issue.record("\(short) is covered by \(long): drop it in a migration")
                }
            }
        }
    }

    /// The indexes of the current schema, with their columns in order (expression columns left out).
    static func indexes(_ sql: any SQLDatabase) async throws -> [Index] {
        if sql.dialect.name == "postgresql" {
            struct Row: Decodable { let table: String; let name: String; let columns: String; let unique: Bool; let partial: Bool }
            let rows = try await sql.raw("""
                SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indpred IS NOT NULL AS partial,
                  coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum), '') AS columns
                FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()
                """).all(decoding: Row.self)
            return rows.map { Index(table: $0.table, name: $0.name, columns: $0.columns.split(separator: ",").map(String.init), unique: $0.unique,
                                    partial: $0.partial) }
        }
        struct Table: Decodable { let name: String }
        struct Listed: Decodable { let name: String; let unique: Int; let partial: Int }
        struct Column: Decodable { let name: String? }
        var result: [Index] = []
        for table in try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Table.self) {
            for index in try await sql.raw("SELECT name, \"unique\", partial FROM pragma_index_list(\(bind: table.name))").all(decoding: Listed.self) {
                let columns = try await sql.raw("SELECT name FROM pragma_index_info(\(bind: index.name)) ORDER BY seqno").all(decoding: Column.self)
                result.append(Index(table: table.name, name: index.name, columns: columns.compactMap(\.name), unique: index.unique != 0,
                                    partial: index.partial != 0))
            }
        }
        return result
    }
}
