import Fluent
import Foundation
import KontorDomain

/// What billing and the runs ask about organizations in bulk: the language of their documents, who pays from the
/// balance.
extension Organization {
    /// The language of the organization's documents: its first legal representative's, else the provider's default.
    static func documentLanguage(of id: UUID, default fallback: Language, on db: any Database) async throws -> Language {
        try await documentLanguages(of: [id], default: fallback, on: db)[id] ?? fallback
    }

    /// The same for many organizations in one query per 500 (a renewal run's).
    static func documentLanguages(of ids: [UUID], default fallback: Language, on db: any Database) async throws -> [UUID: Language] {
        var languages: [UUID: Language] = [:]
        for chunk in Array(Set(ids)).chunked(500) {
            let representatives = try await Membership.query(on: db).filter(\.$organization.$id ~~ Array(chunk))
                .filter(\.$roleValue == OrganizationRole.legalRepresentative.rawValue).with(\.$user)
                .sort(\.$createdAt).sort(\.$id).all()
            for membership in representatives where languages[membership.$organization.id] == nil {
                languages[membership.$organization.id] = Language(rawValue: membership.user.language) ?? fallback
            }
        }
        for id in ids where languages[id] == nil { languages[id] = fallback }
        return languages
    }

    /// Which of `organizations` pay new invoices from their prepaid balance (the runs keep those on their own path).
    static func payingFromBalance(among organizations: [UUID], on db: any Database) async throws -> Set<UUID> {
        var paying: Set<UUID> = []
        for chunk in Array(Set(organizations)).chunked(500) {
            paying.formUnion(try await Organization.query(on: db).filter(\.$id ~~ Array(chunk)).filter(\.$payFromBalance == true).all().compactMap(\.id))
        }
        return paying
    }
}
