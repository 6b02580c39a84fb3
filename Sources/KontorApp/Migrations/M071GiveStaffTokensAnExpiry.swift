import Fluent
import Foundation

/// Staff API tokens made before an expiry was required (an empty day meant "never") get one: two years after they
/// were made, the longest a token may now live, but never sooner than 90 days after the upgrade, so a provider system
/// using an old token keeps working and its owner sees the day on the tokens page in time to make a new one.
struct M071GiveStaffTokensAnExpiry: AsyncMigration {
    /// `now` is the upgrade's instant; a parameter so a test can run the migration at a chosen moment.
    var now: @Sendable () -> Date = { Date() }

    func prepare(on database: any Database) async throws {
        let floor = now().addingTimeInterval(Double(StaffTokens.defaultLifetimeDays) * 86_400)
        // Only the columns that existed then: the model has gained some since (`scope`, M073), which this database
        // does not have yet when it upgrades from before M071.
        for token in try await StaffAPIToken.query(on: database).filter(\.$expiresAt == nil)
            .field(\.$id).field(\.$createdAt).field(\.$expiresAt).all() {
            token.expiresAt = max(token.createdAt.addingTimeInterval(Double(StaffTokens.maximumLifetimeDays) * 86_400), floor)
            try await token.save(on: database)
        }
    }

    /// Nothing to undo: an expiry is a valid state for every token before this migration too.
    func revert(on database: any Database) async throws {}
}
