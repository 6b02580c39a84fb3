import Fluent
import SQLKit

/// `prepaid_entries.request_key`: the key of the staff form that booked an entry (`StaffPrepaidBooking`), unique, so a
/// form sent twice (a double click, a browser resending after a timeout, two servers each receiving one copy) books
/// once. Entries made otherwise have none; NULLs never collide in a unique index on either database.
struct M077AddRequestKeyToPrepaidEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("prepaid_entries").field("request_key", .string).update()
        try await (database as! any SQLDatabase).create(index: "prepaid_entries_request_key").unique().on("prepaid_entries")
            .column("request_key").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "prepaid_entries_request_key").run()
        try await database.schema("prepaid_entries").deleteField("request_key").update()
    }
}
