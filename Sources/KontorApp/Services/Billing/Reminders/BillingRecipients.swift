import Fluent
import Foundation
import KontorDomain

/// Who receives an organization's billing mail: the billing address's invoice e-mail when the invoice was issued to
/// one, otherwise every legal representative and administrator (the people who may pay).
enum BillingRecipients {
    static func addresses(for organizationIDs: [UUID], on db: any Database) async throws -> [UUID: [String]] {
        var result: [UUID: [String]] = [:]
        for chunk in organizationIDs.chunked(500) {
            let memberships = try await Membership.query(on: db).filter(\.$organization.$id ~~ Array(chunk))
                .filter(\.$roleValue ~~ [OrganizationRole.legalRepresentative.rawValue, OrganizationRole.administrator.rawValue])
                .with(\.$user).all()
            for membership in memberships { result[membership.$organization.id, default: []].append(membership.user.email) }
        }
        return result
    }
}
