import Crypto
import Fluent
import Foundation
import KontorDomain

/// Carries out a form or API call at most once per key, for what has no natural key of its own (a product provisioned
/// by hand, an organization set up). A double click, a browser resending after a timeout, or a client retrying
/// creates nothing more and is answered with what the first created; the same key with other values (the clerk went
/// back and changed a field) is refused.
///
/// Keys are scoped to the person who sent them (`scope`: "staff:<id>", "user:<id>"), so a key one person chose never
/// meets another's. The key is recorded inside the transaction that creates the thing: on SQLite every write
/// transaction is exclusive, so a second copy finds the first one's row; on PostgreSQL a second copy may read no key,
/// then fail on what the first created (the unique key, or a natural one such as an address "taken" meanwhile), and
/// `run` reads the first one's row after the rollback.
struct FormSubmissions {
    /// The same key with other values: refused, the first submission stands.
    struct OtherValues: Error {}

    let db: any Database

    /// The SHA-256 of the values, in a fixed order.
    static func hash(_ values: [String: String]) -> String {
        let text = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
        return Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }

    /// Runs `work` (which creates something and returns its id) and records the key in one transaction; the id, and
    /// whether it was created by an earlier request with the same key and values rather than by this one.
    func run(scope: String, key: String, values: [String: String], now: Date,
             _ work: @escaping @Sendable (any Database) async throws -> UUID) async throws -> (id: UUID, isReplay: Bool) {
        let stored = scope + "|" + key, hash = Self.hash(values)
        do {
            return try await db.transaction { db in
                if let earlier = try await Self.submission(stored, on: db) { return (try Self.replay(earlier, hash), true) }
                let id = try await work(db)
                let submission = FormSubmission()
                submission.key = stored
                submission.requestHash = hash
                submission.resultID = id
                submission.createdAt = now
                try await submission.create(on: db)
                return (id, false)
            }
        } catch let error where !(error is OtherValues) {
            // Refused for what a copy of this request committed meanwhile: that copy's answer is this one's.
            guard let earlier = try await Self.submission(stored, on: db) else { throw error }
            return (try Self.replay(earlier, hash), true)
        }
    }

    /// A secret among the values (a password typed into the form) as compared: keyed with a key derived from the
    /// server's secret key, so the stored digest of the values is not a plain hash of the secret.
    static func secret(_ value: String, secretKey: [UInt8]) -> String {
        KeyedHash(secretKey: secretKey, purpose: "kontor form submission secret v1").hex(value)
    }

    private static func replay(_ earlier: FormSubmission, _ hash: String) throws -> UUID {
        guard earlier.requestHash == hash else { throw OtherValues() }
        return earlier.resultID
    }

    private static func submission(_ key: String, on db: any Database) async throws -> FormSubmission? {
        try await FormSubmission.query(on: db).filter(\.$key == key).first()
    }
}
