import Foundation
import SQLKit

/// Accepts a TOTP time step only if it is later than the last one accepted for that factor, in one
/// conditional UPDATE, so a code (or an older one) cannot be used twice even by two requests at the same
/// moment (security.md 6.5.1). Customer factors and staff accounts keep the step in different tables.
enum TOTPStepClaim {
    /// Where a factor's last accepted step lives.
    enum Store {
        case customerFactor, staffMember

        var table: String { self == .customerFactor ? "second_factors" : "staff_members" }
        var column: String { self == .customerFactor ? "last_used_step" : "totp_last_step" }
    }

    /// True when `step` was claimed for the row `id`.
    static func claim(_ step: UInt64, for id: UUID, in store: Store, on sql: any SQLDatabase) async throws -> Bool {
        let table = SQLIdentifier(store.table), column = SQLIdentifier(store.column)
        let claimed = try await sql.raw("""
            UPDATE \(table) SET \(column) = \(bind: Int64(step))
            WHERE id = \(bind: id) AND (\(column) IS NULL OR \(column) < \(bind: Int64(step))) RETURNING id
            """).all()
        return !claimed.isEmpty
    }
}
