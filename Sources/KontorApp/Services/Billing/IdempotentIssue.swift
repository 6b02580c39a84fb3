import Crypto
import Fluent
import Foundation
import KontorDomain

/// Issues an invoice at most once per staff member and `Idempotency-Key`, so a provider's system may retry a request
/// whose answer it lost. The invoice, its answer and the key are written in one transaction; the key is unique per
/// member, so of two requests with the same key at the same moment one commits and the other is rolled back whole
/// (its invoice number with it) and answered with the first one's invoice. The same key with another body is a 422.
struct IdempotentIssue {
    /// What the first request answered, sent again byte for byte.
    struct Answer: Sendable {
        let status: Int
        let body: String
        let isReplay: Bool
    }

    let db: any Database
    let staffID: UUID
    let key: String
    let requestHash: String
    /// The hash of the same request as keys recorded before `requestHash(prefix:json:)` hashed it (its raw bytes):
    /// a retry within a key's 30 days across that upgrade is still the same request.
    var legacyRequestHash: String? = nil

    /// A key is 1 to 255 visible ASCII characters (a UUID, typically).
    static func validate(_ key: String) throws {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationFailure([FieldError(field: "Idempotency-Key", messageKey: "staff.tokens.idempotency_key_invalid")])
        }
    }

    static func hash(_ body: some Sequence<UInt8>) -> String {
        Hex.encode(SHA256.hash(data: Data(body)))
    }

    /// What must match for a retry to be the same request: `prefix` (the path's own part) and the JSON body as data,
    /// not as bytes. A client library that retries with its keys in another order or other spacing sends the same
    /// request, as payment APIs count it; as bytes it was a "different request" and refused.
    static func requestHash(prefix: [UInt8], json body: [UInt8]) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
              let canonical = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
            return hash(prefix + body)
        }
        return hash(prefix + Array(canonical))
    }

    /// `issue` writes the invoice inside the transaction it is given and returns its ID and the answer's JSON.
    func run(now: Date, issue: @escaping @Sendable (any Database) async throws -> (invoiceID: UUID, body: String)) async throws -> Answer {
        if let stored = try await stored(on: db) { return try replay(stored) }
        do {
            return try await db.transaction { db in
                // On SQLite every write transaction is exclusive, so a second request sees the first one's key here.
                if let stored = try await stored(on: db) { return try replay(stored) }
                let (invoiceID, body) = try await issue(db)
                let record = StaffIdempotencyKey()
                record.staffMemberID = staffID
                record.key = key
                record.requestHash = requestHash
                record.invoiceID = invoiceID
                record.status = 201
                record.responseBody = body
                record.createdAt = now
                try await record.create(on: db)
                return Answer(status: 201, body: body, isReplay: false)
            }
        } catch let error where ConcurrentChange(error) == .conflict {
            // PostgreSQL: the unique index made this request wait for the first one with the key, which committed.
            guard let stored = try await stored(on: db) else { throw error }
            return try replay(stored)
        }
    }

    private func stored(on db: any Database) async throws -> StaffIdempotencyKey? {
        try await StaffIdempotencyKey.query(on: db).filter(\.$staffMemberID == staffID).filter(\.$key == key).first()
    }

    private func replay(_ stored: StaffIdempotencyKey) throws -> Answer {
        guard stored.requestHash == requestHash || stored.requestHash == legacyRequestHash else {
            throw ValidationFailure([FieldError(field: "Idempotency-Key", messageKey: "staff.tokens.idempotency_key_reused")])
        }
        return Answer(status: stored.status, body: stored.responseBody, isReplay: true)
    }
}
