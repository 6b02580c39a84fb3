import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Bulk statements (imports, renewals, reminders, invoices issued many at a time) read their rows from `BulkRows`:
/// every value must come back as it went in, on both databases, whatever it holds.
@Suite("Bulk rows: what a multi-row statement writes is exactly what it was given")
struct BulkRowsTests {
    @Test("texts with quotes, backslashes, line breaks and accents, empty texts, nulls, the largest integers, booleans and ids come back unchanged, row by row")
    func valuesRoundTrip() async throws {
        try await withTestApp { app, _ in
            let sql = app.db as! any SQLDatabase
            let ids = [UUID(), TimeOrderedID.make()]
            let texts: [String?] = ["O'Brien \"Ltd\" \\ 50%", "Zürich\nGenève\tLugano — 日本", "", nil]
            let numbers: [Int64?] = [Int64.max, Int64.min, 0, nil]
            var rows = BulkRows([.int, .text, .int, .bool, .uuid])
            for index in 0..<4 {
                rows.append([.int(Int64(index)), .text(texts[index]), .int(numbers[index]), .bool(index % 2 == 0),
                             .uuid(index < 2 ? ids[index] : nil)])
            }
            let columns = rows.columnList(on: sql)
            let read = try await sql.raw("""
                SELECT \(unsafeRaw: columns[0]) AS position, \(unsafeRaw: columns[1]) AS text, \(unsafeRaw: columns[2]) AS number,
                  \(unsafeRaw: columns[3]) AS flag, \(unsafeRaw: columns[4]) AS id
                FROM \(rows.source(on: sql)) ORDER BY 1
                """).all()
            #expect(read.count == 4)
            for (index, row) in read.enumerated() {
                #expect(try row.decode(column: "position", as: Int64.self) == Int64(index))
                #expect(try row.optional("text", as: String.self) == texts[index])
                #expect(try row.optional("number", as: Int64.self) == numbers[index])
                #expect(try row.decode(column: "flag", as: Bool.self) == (index % 2 == 0))
                #expect(try row.optional("id", as: UUID.self) == (index < 2 ? ids[index] : nil))
            }
        }
    }

    @Test("on SQLite a value bound after a VALUES table is refused with an error, not bound to the wrong placeholder",
          .enabled(if: !TestDatabase.isPostgres, "PostgreSQL reads bulk rows from one JSON bind, numbered like any other"))
    func aBindAfterTheTableIsRefused() async throws {
        try await withTestApp { app, _ in
            let sql = app.db as! any SQLDatabase
            var rows = BulkRows([.text])
            rows.append([.text("a")])
            rows.append([.text("b")])
            await #expect(throws: SQLiteValuesTable.MisplacedTable.self) {
                try await sql.raw("SELECT column1 FROM \(rows.source(on: sql)) WHERE column1 = \(bind: "a")").all()
            }
            let before = try await sql.raw("SELECT column1 AS value FROM \(rows.source(on: sql)) WHERE true").all()
            #expect(before.count == 2, "the same table with no bind after it reads as usual")
        }
    }
}
