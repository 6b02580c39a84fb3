import FluentKit
import Foundation
import SQLKit

/// A lease in `job_leases`: the server holding an unexpired lease runs the job; others skip it.
struct JobLease: Sendable {
    let database: any Database
    let name: String
    let holder: String

    /// Takes or renews the lease for `seconds`; true when this holder has it.
    func acquire(for seconds: Int, now: Date) async throws -> Bool {
        let sql = database as! any SQLDatabase
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let row = try await sql.raw("""
            INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: nowSeconds + Int64(seconds)))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
              WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < \(bind: nowSeconds)
            RETURNING holder
            """).first()
        return try row?.decode(column: "holder", as: String.self) == holder
    }
}
