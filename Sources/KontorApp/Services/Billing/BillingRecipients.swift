import Fluent
import Foundation
import KontorDomain

/// Who receives an organization's billing and renewal mail: the billing address's invoice e-mail when the invoice was
/// issued to one, otherwise every legal representative and administrator whose address is confirmed and whose account
/// is active (the people who may pay).
enum BillingRecipients {
    /// The people of each organization, by role and name, each address once: one query for many organizations.
    static func people(of organizationIDs: [UUID], on db: any Database) async throws -> [UUID: [InvoiceNotices.Recipient]] {
        var result: [UUID: [InvoiceNotices.Recipient]] = [:]
        for chunk in Array(Set(organizationIDs)).chunked(500) {
            let memberships = try await Membership.query(on: db).filter(\.$organization.$id ~~ Array(chunk))
                .filter(\.$roleValue ~~ [OrganizationRole.legalRepresentative.rawValue, OrganizationRole.administrator.rawValue])
                .with(\.$user).all()
            for (organizationID, members) in Dictionary(grouping: memberships, by: { $0.$organization.id }) {
                var seen = Set<String>()
                result[organizationID] = members.filter { $0.user.emailVerifiedAt != nil && $0.user.disabledAt == nil }
                    .sorted { ($0.role, $0.user.name) < ($1.role, $1.user.name) }
                    .compactMap { seen.insert($0.user.email.lowercased()).inserted ? InvoiceNotices.Recipient(email: $0.user.email, name: $0.user.name,
                                                                                                    language: Language(rawValue: $0.user.language)) : nil }
            }
        }
        return result
    }

    /// Their addresses alone, for the reminder run.
    static func addresses(for organizationIDs: [UUID], on db: any Database) async throws -> [UUID: [String]] {
        try await people(of: organizationIDs, on: db).mapValues { $0.map(\.email) }
    }
}
