import Foundation
import Fluent
import KontorDomain
import SQLKit

/// Addresses stored before `EmailAddress` gave an international domain one spelling (composed Unicode): one typed as
/// `xn--…` or with its accents apart is rewritten, so its owner still signs in with the address as she types it. One
/// whose spelling another account already has is left as it is (the second account made with it, security probe
/// round 8): staff see both, and nothing is merged behind anyone's back.
struct M089CanonicalEmailDomains: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        struct Row: Decodable { let id: UUID; let email: String; let recovery_email: String? }
        let rows = try await sql.raw("SELECT id, email, recovery_email FROM users").all(decoding: Row.self)
        func international(_ address: String) -> Bool { address.utf8.contains { $0 >= 0x80 } || address.contains("xn--") }
        // Compared as bytes, as the database compares them: Swift's `==` takes a composed and a decomposed `é` for one.
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        var taken = Set(rows.map { bytes($0.email) })
        for row in rows where international(row.email) || row.recovery_email.map(international) == true {
            if international(row.email), let canonical = EmailAddress(row.email)?.value, bytes(canonical) != bytes(row.email),
               !taken.contains(bytes(canonical)) {
                try await sql.raw("UPDATE users SET email = \(bind: canonical) WHERE id = \(bind: row.id)").run()
                taken.insert(bytes(canonical))
            }
            if let recovery = row.recovery_email, international(recovery), let canonical = EmailAddress(recovery)?.value,
               bytes(canonical) != bytes(recovery) {
                try await sql.raw("UPDATE users SET recovery_email = \(bind: canonical) WHERE id = \(bind: row.id)").run()
            }
        }
    }

    func revert(on database: any Database) async throws {}
}
