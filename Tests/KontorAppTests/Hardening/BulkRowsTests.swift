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

@Suite("Bulk rows: a value every row shares is written once, and only when it can mean nothing but itself")
struct BulkRowsSharedValueTests {
    @Test("columns the same in every row come back unchanged: plain texts, ids, the largest integers, booleans and nulls as literals, anything else bound")
    func sharedValuesRoundTrip() async throws {
        try await withTestApp { app, _ in
            let sql = app.db as! any SQLDatabase
            let id = TimeOrderedID.make()
            let tricky = "O'Brien \\ 'x'); DROP TABLE users; --"
            var rows = BulkRows([.int, .text, .text, .uuid, .int, .int, .bool, .text, .uuid, .int, .text])
            for position in 0..<3 {
                rows.append([.int(Int64(position)), .text("CH4431999123000889012"), .text(tricky), .uuid(id), .int(Int64.min), .int(Int64.max),
                             .bool(true), .text(nil), .uuid(nil), .int(nil), .text("Zürich")])
            }
            let columns = rows.columnList(on: sql)
            #expect(columns[1].contains("CH4431999123000889012") && columns[3].contains(TimeOrderedID.text(id)) && columns[4].contains("-9223372036854775808"),
                    "plain shared values are written into the statement: \(columns)")
            #expect(!columns.joined().contains("O'Brien") && !columns.joined().contains("Zürich"),
                    "a text with a quote, a backslash or a letter outside ASCII is never written into SQL, only bound")
            let read = try await sql.raw("""
                SELECT \(unsafeRaw: columns[0]) AS position, \(unsafeRaw: columns[1]) AS iban, \(unsafeRaw: columns[2]) AS tricky,
                  \(unsafeRaw: columns[3]) AS id, \(unsafeRaw: columns[4]) AS smallest, \(unsafeRaw: columns[5]) AS largest,
                  \(unsafeRaw: columns[6]) AS flag, \(unsafeRaw: columns[7]) AS none_text, \(unsafeRaw: columns[8]) AS none_id,
                  \(unsafeRaw: columns[9]) AS none_number, \(unsafeRaw: columns[10]) AS town
                FROM \(rows.source(on: sql)) ORDER BY 1
                """).all()
            #expect(read.count == 3)
            for (position, row) in read.enumerated() {
                #expect(try row.decode(column: "position", as: Int64.self) == Int64(position))
                #expect(try row.decode(column: "iban", as: String.self) == "CH4431999123000889012")
                #expect(try row.decode(column: "tricky", as: String.self) == tricky)
                #expect(try row.decode(column: "id", as: UUID.self) == id)
                #expect(try row.decode(column: "smallest", as: Int64.self) == Int64.min)
                #expect(try row.decode(column: "largest", as: Int64.self) == Int64.max)
                #expect(try row.decode(column: "flag", as: Bool.self) == true)
                #expect(try row.optional("none_text", as: String.self) == nil)
                #expect(try row.optional("none_id", as: UUID.self) == nil)
                #expect(try row.optional("none_number", as: Int64.self) == nil)
                #expect(try row.decode(column: "town", as: String.self) == "Zürich")
            }
        }
    }

    @Test("a single row keeps its first column row by row, so the source always has one")
    func singleRow() async throws {
        try await withTestApp { app, _ in
            let sql = app.db as! any SQLDatabase
            var rows = BulkRows([.int, .text])
            rows.append([.int(7), .text("CHF")])
            let columns = rows.columnList(on: sql)
            let read = try await sql.raw("SELECT \(unsafeRaw: columns[0]) AS n, \(unsafeRaw: columns[1]) AS currency FROM \(rows.source(on: sql))").all()
            #expect(read.count == 1)
            #expect(try read.first?.decode(column: "n", as: Int64.self) == 7)
            #expect(try read.first?.decode(column: "currency", as: String.self) == "CHF")
        }
    }
}
