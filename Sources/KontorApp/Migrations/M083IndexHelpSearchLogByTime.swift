import Fluent
import SQLKit

/// `help_search_log (created_at)`: the staff analytics page reads the last 30 days of searches, and housekeeping
/// deletes those older than `Housekeeping.searchLogDays`; both scanned the whole log.
struct M083IndexHelpSearchLogByTime: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "help_search_log_created").on("help_search_log").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "help_search_log_created").run()
    }
}
