import FluentKit
import FluentSQLiteDriver
import Foundation
import KontorDomain
import NIOCore
import SQLKit
import SQLiteKit
import Vapor

/// SQLite as a database that does not fail under concurrent writers.
///
/// Fluent's SQLite driver opens transactions with a plain (deferred) `BEGIN`: a transaction reads, then tries to
/// write, and when another connection wrote in between SQLite answers "database is locked" at once — no busy
/// handler is consulted, because waiting could deadlock. Kontor's transactions nearly all read before they write,
/// so under load a few percent of them failed. The driver has no option for this, so this wrapper (the smallest
/// change that fixes it at the cause) takes over `transaction` and leaves everything else to Fluent's driver:
/// - write transactions on one server queue up in memory ( `WriterQueue`), so they never wait inside SQLite;
/// - each starts with `BEGIN IMMEDIATE`, taking the write lock before its first read;
/// - every connection waits up to `busyTimeoutMilliseconds` for a lock held by another process (a second server, a
///   CLI command) instead of spinning or failing (`preparePragmas`, at start);
/// - the file is in WAL mode (set once in `configure`), so readers never wait for the writer and the writer never
///   waits for readers.
struct SQLiteWriteTransactions: DatabaseConfiguration {
    /// Long enough for any one transaction of another process to finish, short enough to answer before a proxy gives up.
    static let busyTimeoutMilliseconds = 10_000

    var base: any DatabaseConfiguration
    let busyTimeoutMilliseconds: Int

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    /// SQLite runs every statement on a blocking thread, and a statement waiting for another process's lock sleeps
    /// there. On the application's shared pool (two threads on two cores, also used for password hashing and file
    /// reads) a few waiters could starve the transaction they wait for; so SQLite gets threads of its own, one per
    /// connection, and a waiting statement only ever holds its own.
    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        let connections = Array(databases.eventLoopGroup.makeIterator()).count
        let threads = NIOThreadPool(numberOfThreads: max(2, connections))
        threads.start()
        let own = Databases(threadPool: threads, on: databases.eventLoopGroup)
        return Driver(base: base.makeDriver(for: own), queue: WriterQueue(), busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                      threads: threads)
    }

    /// WAL for the file, and the busy timeout on each event loop's connection (SQLite's busy handler is per connection;
    /// the driver keeps one connection per event loop for the life of the server).
    static func preparePragmas(_ app: Application, busyTimeoutMilliseconds: Int) async throws {
        try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)!
            try await db.withConnection { connection in
                try await (connection as! any SQLDatabase).raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
                // A statement import writes one long transaction; with SQLite's default 2 MB page cache it spills
                // to the journal half-way (pagerStress in a profile). 64 MB per connection keeps it in memory.
                try await (connection as! any SQLDatabase).raw("PRAGMA cache_size = \(unsafeRaw: String(SQLitePageCache.usualKiB))").run()
                // A multi-row statement inside a transaction keeps a statement journal (to undo just that statement
                // on a constraint error); by default it is a temporary file, written page by page (`pwrite` was a
                // tenth of the import's SQLite time). In memory it is the few pages one statement changes.
                try await (connection as! any SQLDatabase).raw("PRAGMA temp_store = MEMORY").run()
                // SQLite copies the WAL back into the database file when a commit leaves more than this many pages in it
                // (default 1,000, 4 MB). A bulk chunk (2,000 renewals) writes more than that, so every commit also
                // checkpointed, writing again the index pages the next chunk changes once more: 8 % of the 100,000-product
                // renewal run (docs/benchmarks.md). 16,000 pages (64 MB) lets several commits share one checkpoint.
                try await (connection as! any SQLDatabase).raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: String(SQLitePageCache.walCheckpointPages))").run()
            }
        }
    }

    struct Driver: DatabaseDriver {
        let base: any DatabaseDriver
        let queue: WriterQueue
        let busyTimeoutMilliseconds: Int

        func makeDatabase(with context: DatabaseContext) -> any Database {
            ImmediateTransactionDatabase(base: base.makeDatabase(with: context) as! any Database & SQLDatabase,
                                         queue: queue, busyTimeoutMilliseconds: busyTimeoutMilliseconds, inTransaction: false)
        }

        let threads: NIOThreadPool

        func shutdown() {
            base.shutdown()
            try? threads.syncShutdownGracefully()
        }

        func shutdownAsync() async {
            await base.shutdownAsync()
            try? await threads.shutdownGracefully()
        }
    }
}

/// Fluent's SQLite database with immediate, queued write transactions; everything else is passed through.
struct ImmediateTransactionDatabase: Database, SQLDatabase {
    let base: any Database & SQLDatabase
    let queue: WriterQueue
    let busyTimeoutMilliseconds: Int
    let inTransaction: Bool
    /// Inside a write transaction, SQLiteNIO's connection itself, so its statements run through
    /// `SQLiteConnection`'s own async `query`. Fluent's SQLite database has only the future-based one, through which
    /// SQLiteNIO hands every result row to the event loop as a task of its own and completes the statement once all of
    /// them ran: 100,000 tasks and a thread hop for the 100,000 invoices a statement import looks up (about 5 % of the
    /// import's CPU in a profile, docs/benchmarks.md). The async `query` reads the rows where it steps the statement.
    /// Valid for as long as the transaction's `withConnection` runs, which is as long as this value is used.
    var connection: SQLiteConnection? = nil

    /// Set while a task runs inside one of this server's write transactions: a transaction opened from there on
    /// another handle must not queue behind the one that is waiting for it.
    @TaskLocal static var holdsWriterTurn = false

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { connection in
            closure(Self(base: connection as! any Database & SQLDatabase, queue: queue,
                         busyTimeoutMilliseconds: busyTimeoutMilliseconds, inTransaction: inTransaction, connection: self.connection))
        }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if inTransaction { return closure(self) }
        // Fluent's older interface does not require a Sendable result; it only crosses into the task and back.
        return eventLoop.makeFutureWithTask {
            try await runTransaction { UncheckedResult(value: try await closure($0).get()) }
        }.map(\.value)
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await closure(self) }
        return try await runTransaction(closure)
    }

    private func runTransaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let work: @Sendable () async throws -> T = {
            try await base.withConnection { connection in
                let db = Self(base: connection as! any Database & SQLDatabase, queue: queue,
                              busyTimeoutMilliseconds: busyTimeoutMilliseconds, inTransaction: true,
                              connection: try await Self.sqliteConnection(of: connection))
                try await db.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await Self.$holdsWriterTurn.withValue(true) { try await closure(db) }
                    try await db.raw("COMMIT").run()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
        if Self.holdsWriterTurn { return try await work() }
        return try await queue.inTurn(work)
    }

    /// The `SQLiteConnection` under a Fluent connection that `withConnection` handed out (nil for anything else).
    private static func sqliteConnection(of connection: any Database) async throws -> SQLiteConnection? {
        guard let sqlite = connection as? any SQLiteDatabase else { return nil }
        return try await sqlite.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
    }

    // SQLDatabase: passed through.
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    /// As SQLiteKit runs it, except that the values of a bulk statement (`SQLiteValuesTable`, up to 60,000 binds)
    /// are handed to SQLite as they are, a UUID is bound as its text without `snprintf` (SQLiteKit encodes it through
    /// `Encodable`, which formats `uuidString`), and rows are read through `SQLiteRowReader`; every other bind goes
    /// through SQLiteKit's own encoder, as before.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        guard let sqlite = base as? any SQLiteDatabase else { return try await base.execute(sql: query, onRow) }
        let (text, binds) = serialize(query)
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: ["sql": .string(text), "binds": .array(binds.map { .string("\($0)") })])
        }
        let encoder = SQLiteDataEncoder()
        var data: [SQLiteData] = []
        data.reserveCapacity(binds.count + ((binds.last as? SQLiteValuesTable.Bound)?.values.count ?? 0))
        for (index, bind) in binds.enumerated() {
            if let bound = bind as? SQLiteValuesTable.Bound {
                // Its placeholders are bare `?`s numbered by position: a bind after it would get a number SQLKit
                // counted without the table's values, and bind the wrong value.
                guard index == binds.count - 1 else { throw SQLiteValuesTable.MisplacedTable(statement: text) }
                data.append(contentsOf: bound.values)
            }
            else if let id = bind as? UUID { data.append(.text(TimeOrderedID.text(id))) }
            else { data.append(try encoder.encode(bind)) }
        }
        let decoder = SQLiteDataDecoder()
        if let connection {
            try await connection.query(text, data) { row in onRow(SQLiteRowReader(row: row, decoder: decoder)) }
        } else {
            try await sqlite.query(text, data) { row in onRow(SQLiteRowReader(row: row, decoder: decoder)) }
        }
    }
}

/// A first-come, first-served turn for one server's write transactions, awaited without holding a thread.
actor WriterQueue {
    private var isBusy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func inTurn<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await take()
        defer { give() }
        return try await work()
    }

    private func take() async {
        if !isBusy { isBusy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func give() {
        if waiting.isEmpty { isBusy = false } else { waiting.removeFirst().resume() }
    }
}

private struct UncheckedResult<Value>: @unchecked Sendable {
    let value: Value
}

/// The page cache of a SQLite connection, made larger for one bulk transaction.
enum SQLitePageCache {
    /// Every connection's cache, in KiB as `PRAGMA cache_size` takes it when negative: 64 MB.
    static let usualKiB = -65_536
    /// A statement import of 100,000 payments changes ~150 MB of pages (its own rows, and the invoices it settles
    /// all over their table); with the usual 64 MB SQLite spills dirty pages to the WAL half-way and reads them
    /// back (`pagerStress` in a profile). 256 MB keeps one import in memory; the cache is given back after it.
    static let bulkKiB = -262_144
    /// The WAL's size, in pages, at which a commit checkpoints (`wal_autocheckpoint`): 64 MB of 4 KB pages.
    static let walCheckpointPages = 16_000

    /// Runs `body` (inside a transaction, on its connection) with the larger cache; nothing changes on PostgreSQL.
    static func larger<T>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return try await body() }
        try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(bulkKiB))").run()
        do {
            let result = try await body()
            try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(usualKiB))").run()
            return result
        } catch {
            try? await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(usualKiB))").run()
            throw error
        }
    }
}
