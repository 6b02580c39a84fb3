import Crypto
import Fluent
import Foundation
import KontorDomain

/// Carries out a staff form at most once per key rendered into it, for forms that create something with no natural
/// key of its own (a product provisioned by hand). A double click, or a browser resending after a timeout, does
/// nothing more; the same key with other values (the clerk went back and changed a field) is refused.
///
/// `claim` runs inside the transaction that creates the thing: on SQLite every write transaction is exclusive, so a
/// second copy finds the first one's row; on PostgreSQL the unique key makes it wait for the first and then fail,
/// and `run` reads the first one's row after the rollback.
struct FormSubmissions {
    /// The same key with other values: refused, the first submission stands.
    struct OtherValues: Error {}

    let db: any Database

    /// The SHA-256 of the form's values, in a fixed order.
    static func hash(_ values: [String: String]) -> String {
        let text = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
        return Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }

    /// Runs `work` and records the key in one transaction, and returns what `work` returned; nil when the key was used
    /// before with the same values (nothing was done again). Throws `OtherValues` when it was used with others.
    func run<Result: Sendable>(key: String, values: [String: String], now: Date,
                               _ work: @escaping @Sendable (any Database) async throws -> Result) async throws -> Result? {
        let hash = Self.hash(values)
        do {
            return try await db.transaction { db -> Result? in
                if let earlier = try await Self.submission(key, on: db) {
                    guard earlier.requestHash == hash else { throw OtherValues() }
                    return nil
                }
                let result = try await work(db)
                let submission = FormSubmission()
                submission.key = key
                submission.requestHash = hash
                submission.createdAt = now
                try await submission.create(on: db)
                return result
            }
        } catch let error where ConcurrentChange(error) == .conflict {
            guard let earlier = try await Self.submission(key, on: db) else { throw error }
            guard earlier.requestHash == hash else { throw OtherValues() }
            return nil
        }
    }

    private static func submission(_ key: String, on db: any Database) async throws -> FormSubmission? {
        try await FormSubmission.query(on: db).filter(\.$key == key).first()
    }
}
