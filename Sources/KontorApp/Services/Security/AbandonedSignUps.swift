import Fluent
import SQLKit
import Foundation

/// Sign-ups never confirmed. Anyone may sign up with any address; a sign-up whose link was never used must not keep
/// the address from its owner for ever: one left there blocked that address from becoming an existing customer's
/// sign-in address, and the owner was mailed, under the stranger's chosen name, that it "already belongs to your account".
enum AbandonedSignUps {
    /// A sign-up's link lives a day; a week later nobody is coming back to it.
    static let keptFor: TimeInterval = 7 * 24 * 3600

    /// Frees the address of an account that was never confirmed: its links go, it is disabled, and its address becomes one
    /// nobody can have (RFC 2606 `.invalid`), as a closed account's does. Nothing else can exist for it: it never signed in.
    /// Answers whether it released it (false: confirmed meanwhile).
    @discardableResult
    static func release(_ user: User, now: Date, on db: any Database) async throws -> Bool {
        guard !user.isEmailVerified else { return false }
        let userID = try user.requireID()
        // Only while still unconfirmed: a confirmation committing at this moment wins, and nothing is changed. Only once:
        // housekeeping on two servers at the same moment releases it, and counts it, on one of them.
        let released = try await (db as! any SQLDatabase).update(User.schema)
            .set("email", to: "unconfirmed-\(userID.uuidString.lowercased())@closed.invalid").set("password_hash", to: "closed")
            .set("disabled_at", to: now).where("id", .equal, userID).where("email_verified_at", .is, SQLLiteral.null)
            .where("disabled_at", .is, SQLLiteral.null)
            .returning("id").all()
        guard !released.isEmpty else { return false }
        try await EmailToken.query(on: db).filter(\.$user.$id == userID).delete()
        return true
    }

    /// Releases every sign-up left unconfirmed longer than `keptFor`; answers how many (`Housekeeping`).
    static func releaseStale(now: Date, on db: any Database) async throws -> Int {
        let stale = try await User.query(on: db).filter(\.$emailVerifiedAt == nil).filter(\.$disabledAt == nil)
            .filter(\.$createdAt < now.addingTimeInterval(-keptFor)).all()
        guard !stale.isEmpty else { return 0 }
        // Signed up again lately (a new link on the same account): not abandoned. One look-up for all of them.
        let renewed = Set(try await EmailToken.query(on: db).filter(\.$user.$id ~~ stale.compactMap(\.id))
            .filter(\.$createdAt > now.addingTimeInterval(-keptFor)).all(\.$user.$id))
        let abandoned = stale.filter { !renewed.contains($0.id!) }
        var released = 0
        for user in abandoned where try await release(user, now: now, on: db) { released += 1 }
        return released
    }
}
