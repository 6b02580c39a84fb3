import Fluent
import Foundation
import SQLKit
import Vapor

/// Article views and logged searches, counted in memory and written in batches.
///
/// Reading a guide or searching used to write a row before answering, which made public read pages as slow as
/// writes (logged search served 4× fewer requests than unlogged) and put every reader in the SQLite writer's queue.
/// Analytics can wait a moment: `serve` flushes every `flushSeconds`, at shutdown, and before staff read the
/// analytics page. A crash loses at most that many seconds of counts, never anything a customer did.
actor ReaderAnalytics {
    static let flushSeconds: UInt64 = 2
    /// Above this many waiting searches, the oldest are dropped: a flood of searches must not grow memory without end.
    static let maximumWaiting = 20_000

    /// How long the help home's "most read" list is kept before the counts are read again; a flush of new views
    /// reads it again sooner.
    static let mostReadSeconds: TimeInterval = 60

    private var views: [UUID: Int] = [:]
    /// When each reader (article and address) was last counted: a reader counts once per `viewWindow`, so reloading a
    /// page, or a script requesting it 300 times, does not move it to the top of "most read".
    private var counted: [String: Date] = [:]
    static let viewWindow: TimeInterval = 30 * 60
    /// Above this many readers remembered, those outside the window are forgotten (and, if still too many, all of them).
    static let maximumReaders = 100_000
    private var searches: [HelpSearchLogEntry] = []
    /// The most read published articles per language, most read first, and when that was read. The content snapshot
    /// does not carry counts that change with every reader (it is rebuilt only when content changes).
    private var mostRead: [String: (ids: [UUID], readAt: Date)] = [:]

    /// The ids of the `limit` most read published articles in `language`, from the counts written so far.
    func mostRead(in language: String, limit: Int, on db: any Database, now: Date) async throws -> [UUID] {
        if let cached = mostRead[language], cached.ids.count >= limit, now.timeIntervalSince(cached.readAt) < Self.mostReadSeconds {
            return Array(cached.ids.prefix(limit))
        }
        let ids = try await HelpArticle.query(on: db).filter(\.$language == language)
            .filter(\.$statusValue == HelpArticleStatus.published.rawValue)
            .sort(\.$viewCount, .descending).sort(\.$title).limit(limit).all(\.$id)
        mostRead[language] = (ids, now)
        return ids
    }

    func recordView(of articleID: UUID, reader: String, now: Date) {
        let key = articleID.uuidString + "|" + reader
        if let last = counted[key], now.timeIntervalSince(last) < Self.viewWindow { return }
        if counted.count >= Self.maximumReaders {
            counted = counted.filter { now.timeIntervalSince($0.value) < Self.viewWindow }
            if counted.count >= Self.maximumReaders { counted = [:] }
        }
        counted[key] = now
        views[articleID, default: 0] += 1
    }

    /// What each reader (address) searched within `viewWindow`, and since when: a reader's search counts once per
    /// window, and at most `searchesPerReader` of them, so one client cannot fill the staff's "most frequent
    /// searches" with words of its choosing, nor grow the log without end.
    /// Queries are remembered by their hash (a few bytes each, not their text), readers by address — an IPv6 address
    /// by its /64, which one customer's line usually has whole and could otherwise spread a flood over.
    private var searchedBy: [String: (since: Date, queries: Set<Int>)] = [:]
    static let searchesPerReader = 20

    func recordSearch(query: String, language: String, resultCount: Int, firstResultSlug: String?, reader address: String, now: Date) {
        let logged = Self.loggable(query)
        guard !logged.isEmpty else { return }
        let reader = Self.readerKey(address)
        var seen: (since: Date, queries: Set<Int>) = searchedBy[reader].flatMap { now.timeIntervalSince($0.since) < Self.viewWindow ? $0 : nil } ?? (now, [])
        let key = (language + "|" + logged).hashValue
        guard !seen.queries.contains(key), seen.queries.count < Self.searchesPerReader else { return }
        seen.queries.insert(key)
        if searchedBy[reader] == nil, searchedBy.count >= Self.maximumReaders {
            searchedBy = searchedBy.filter { now.timeIntervalSince($0.value.since) < Self.viewWindow }
            if searchedBy.count >= Self.maximumReaders { searchedBy = [:] }
        }
        searchedBy[reader] = seen
        if searches.count >= Self.maximumWaiting { searches.removeFirst(searches.count - Self.maximumWaiting + 1) }
        searches.append(HelpSearchLogEntry(query: logged, language: language, resultCount: resultCount, firstResultSlug: firstResultSlug, now: now))
    }

    /// An IPv4 address as it is; an IPv6 address by its first 64 bits.
    static func readerKey(_ address: String) -> String {
        guard let bytes = IPNetwork.bytes(of: address), bytes.count == 16 else { return address }
        return bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    /// The query as staff will read it: without control and format characters (a right-to-left override would turn
    /// the staff page's list around), spaces collapsed.
    static func loggable(_ query: String) -> String {
        let visible = query.unicodeScalars.map { scalar -> Character? in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: " "
            // Invisible inside a word (a soft hyphen, a zero-width joiner, a direction mark): taken out, not a space.
            case .format, .privateUse, .surrogate, .unassigned: nil
            default: Character(scalar)
            }
        }
        return String(visible.compactMap { $0 }).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Writes what waits, in one transaction; on failure it waits for the next flush.
    func flush(on db: any Database) async throws {
        let (pendingViews, pendingSearches) = (views, searches)
        guard !pendingViews.isEmpty || !pendingSearches.isEmpty else { return }
        views = [:]
        searches = []
        do {
            try await db.transaction { db in
                if !pendingSearches.isEmpty { try await pendingSearches.create(on: db) }
                guard let sql = db as? any SQLDatabase else { return }
                for (id, count) in pendingViews {
                    try await sql.update(HelpArticle.schema)
                        .set(SQLIdentifier("view_count"), to: SQLBinaryExpression(SQLIdentifier("view_count"), .add, SQLBind(count)))
                        .where(SQLIdentifier("id"), .equal, SQLBind(id)).run()
                }
            }
            if !pendingViews.isEmpty { mostRead = [:] }
        } catch {
            for (id, count) in pendingViews { views[id, default: 0] += count }
            searches = (pendingSearches.map { HelpSearchLogEntry(query: $0.query, language: $0.language, resultCount: $0.resultCount,
                                                                firstResultSlug: $0.firstResultSlug, now: $0.createdAt) } + searches)
                .suffix(Self.maximumWaiting)
            throw error
        }
    }
}

/// Flushes reader analytics in the background of `kontor serve`, and once more at shutdown.
struct ReaderAnalyticsWorker: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let command = application.environment.arguments.dropFirst().first
        guard application.environment != .testing, command == nil || command == "serve" else { return }
        let analytics = application.kontor.readerAnalytics
        let db = application.db   // taken now: after shutdown the application has no database to hand out
        let logger = application.logger
        let task = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: ReaderAnalytics.flushSeconds * 1_000_000_000)
                if Task.isCancelled { break }   // shutdown flushes once more itself
                do { try await analytics.flush(on: db) } catch { logger.warning("Reader analytics: \(error)") }
            }
        }
        application.storage[ReaderAnalyticsTask.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        if let task = application.storage[ReaderAnalyticsTask.self] {
            task.cancel()
            await task.value
        }
        // Lifecycle handlers stop in reverse order, so the database (registered before) is still there.
        try? await application.kontor.readerAnalytics.flush(on: application.db)
    }
}

private struct ReaderAnalyticsTask: StorageKey { typealias Value = Task<Void, Never> }
