import FluentKit
import Logging
import FluentPostgresDriver
import SQLKit

/// A select run on every signed-in request (the session with its user, the memberships with their organizations,
/// an organization's products), by one value in its `WHERE`.
///
/// On PostgreSQL it is a named prepared statement, parsed and planned once per connection: sent as plain text, as
/// SQLKit sends everything, PostgreSQL parsed, analysed and planned these joins on every page, about half of the
/// database's CPU time for the products page (`docs/benchmarks.md`). With several servers on one PostgreSQL that
/// time is what they share. On SQLite it is the same text with the value bound, as before.
protocol PreparedSelect {
    /// Unique among Kontor's prepared statements.
    static var name: String { get }
    /// The statement up to its `WHERE`, and the one column the value is compared with. Name its columns rather
    /// than select `*`: a statement prepared as `*` fails once a migration (another server's) adds a column.
    static var select: String { get }
    static var column: String { get }
}

extension PreparedSelect {
    /// The rows whose `column` equals `value`.
    static func rows<Value: PostgresEncodable & Encodable & Sendable>(on db: any Database, where value: Value) async throws -> [any SQLRow] {
        guard let postgres = db as? any PostgresDatabase else { return try await plainRows(on: db, where: value) }
        do {
            return try await preparedRows(on: postgres, where: value, logger: db.logger)
        } catch let error as PSQLError where error.code != .clientClosedConnection && error.code != .serverClosedConnection {
            // PostgresNIO remembers a failed preparation on its connection and fails every later use there (a lock
            // timeout while another server migrates, a column whose type a migration changed): the plain statement
            // still answers, so the page does too.
            let reason = error.serverInfo?[.message] ?? "\(error.code)"
            db.logger.warning("Prepared statement \(Statement<Self, Value>.name) failed (\(reason)); sent as text instead")
            return try await plainRows(on: db, where: value)
        }
    }

    private static func plainRows<Value: Encodable & Sendable>(on db: any Database, where value: Value) async throws -> [any SQLRow] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("\(unsafeRaw: select) WHERE \(unsafeRaw: column) = \(bind: value)").all()
    }

    private static func preparedRows<Value: PostgresEncodable & Sendable>(on postgres: any PostgresDatabase, where value: Value,
                                                                         logger: Logger) async throws -> [any SQLRow] {
        let statement = Statement<Self, Value>(value: value)
        logger.debug("Executing prepared statement \(Statement<Self, Value>.name)")
        let rows: [PostgresRow] = try await postgres.withConnection { (connection: PostgresConnection) -> EventLoopFuture<[PostgresRow]> in
            let promise = connection.eventLoop.makePromise(of: [PostgresRow].self)
            promise.completeWithTask {
                var rows: [PostgresRow] = []
                for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                return rows
            }
            return promise.futureResult
        }.get()
        return rows.map { $0.sql() }
    }
}

/// The prepared form of a `PreparedSelect`: PostgresNIO prepares it on a connection the first time it runs there.
private struct Statement<Select: PreparedSelect, Value: PostgresEncodable & Sendable>: PostgresPreparedStatement {
    static var name: String { "kontor_" + Select.name }
    static var sql: String { Select.select + " WHERE " + Select.column + " = $1" }
    typealias Row = PostgresRow

    let value: Value

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        try bindings.append(value)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
