import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Mailbox addresses stored before `EmailAddress` gave an international domain one spelling (composed Unicode, M089 did
/// the same for accounts): `info@xn--bcher-kva.ch` becomes `info@bücher.ch`, the spelling new mailboxes, sign-in
/// addresses and the domain checks (`MailboxAddress.domainKey`) use, so the rules that compare a member's address with
/// the organization's mailboxes (leaving, closing the account) see it. One whose new spelling another mailbox already
/// has stays as it is (the same mailbox twice, made before): nothing is deleted behind anyone's back.
struct M092CanonicalMailboxDomains: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        struct Row: Decodable { let id: UUID; let address: String }
        let rows = try await sql.raw("SELECT id, address FROM mailboxes").all(decoding: Row.self)
        // Compared as bytes, as the database compares them (Swift's `==` takes a composed and a decomposed `é` for one).
        var taken = Set(rows.map { Array($0.address.utf8) })
        for row in rows where row.address.utf8.contains(where: { $0 >= 0x80 }) || row.address.contains("xn--") {
            guard let canonical = EmailAddress(row.address)?.value, Array(canonical.utf8) != Array(row.address.utf8),
                  !taken.contains(Array(canonical.utf8)) else { continue }
            try await sql.raw("UPDATE mailboxes SET address = \(bind: canonical) WHERE id = \(bind: row.id)").run()
            taken.insert(Array(canonical.utf8))
        }
    }

    func revert(on database: any Database) async throws {}
}
