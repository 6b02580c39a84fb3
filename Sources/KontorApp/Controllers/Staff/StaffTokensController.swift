import Fluent
import Foundation
import KontorDomain
import Vapor

/// The staff console's "API tokens" page: a member makes tokens for the provider's systems (shown once), sees them
/// and revokes them. Every member may; a token can do only what the member's role could when it was made and can still
/// (`RequireStaffToken`). Making
/// one asks for the current password and mails the member, and every token ends (90 days unless another day is chosen,
/// at most two years), as customers' personal tokens. Administrators also see and revoke every other member's tokens;
/// the owner is mailed when an administrator revokes one.
/// Making and revoking are written to the staff audit trail (the security log with the acting member's ID).
struct StaffTokensController {
    struct Page: Encodable {
        struct Row: Encodable {
            let name: String
            let prefix: String
            /// The role the token was made with, in the reader's language: the most it can ever do.
            let scope: String
            let createdAt: Date
            let lastUsedAt: Date?
            let expiresAt: Date?
            let revokePath: String
        }
        struct OtherRow: Encodable {
            let member: String
            let email: String
            let name: String
            let prefix: String
            let scope: String
            let lastUsedAt: Date?
            let expiresAt: Date?
            let revokePath: String
        }
        let layout: LayoutModel
        let tokens: [Row]
        /// Every other member's tokens, for administrators only; nil for the other roles.
        let others: [OtherRow]?
        let newToken: String?
        let form: FormState
        let action: String
        let apiBase: String
    }
    struct CreateForm: Content {
        var name: String?
        var expires_on: String?
        var password: String?
    }

    func register(_ staff: any RoutesBuilder) {
        staff.get(.staffAPITokens, use: show)
        staff.post(.staffAPITokens, use: create)
        staff.post(.staffRevokeAPIToken(SiteRoute.anyID), use: revoke)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, newToken: nil, form: FormState())
    }

    /// 201 with the page showing the new token once; nothing but its hash is kept.
    func create(_ request: Request) async throws -> Response {
        let staff = try Self.verifiedStaff(request)
        let form = try request.content.decode(CreateForm.self)
        do {
            let passwordError = try await request.currentStaffPasswordError(form.password, of: staff)
            let (token, record) = try await request.staffTokens.create(for: staff.requireID(), session: try request.staff().session.requireID(),
                                                                       name: form.name, expiresOn: form.expires_on, passwordError: passwordError) { db, record in
                try await request.record(.staffAPITokenCreated, staff: staff.id, detail: "\(record.name) (\(record.tokenPrefix)…)", on: db)
                try await request.mail(staff: staff, subjectKey: "mail.staff_token_created.subject",
                                       paragraphs: ["mail.staff_token_created.body", "mail.staff.not_you"], arguments: ["token": record.name], on: db)
            }
            request.logger.notice("Staff \(staff.email) made the staff API token \(record.tokenPrefix)… (\(record.name))")
            return try await render(request, newToken: token, form: FormState()).encodeResponse(status: .created, for: request)
        } catch let failure as ValidationFailure {
            return try await render(request, newToken: nil, form: FormState(failure: failure, values: ["name": form.name ?? "",
                                                                                                       "expires_on": form.expires_on ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// A member revokes their own tokens; an administrator any member's, and the trail then names whose it was.
    func revoke(_ request: Request) async throws -> Response {
        let staff = try Self.verifiedStaff(request)
        let owner = staff.role == .administrator ? nil : try staff.requireID()
        guard let token = try await request.staffTokens.revoke(try request.id("tokenID"), of: owner, audit: { db, token in
            let isOwn = token.$staffMember.id == staff.id
            try await request.record(.staffAPITokenRevoked, staff: staff.id,
                                     detail: "\(token.name) (\(token.tokenPrefix)…)" + (isOwn ? "" : " of \(token.staffMember.email)"), on: db)
            // Told as when it was made: a system of theirs stops working, and they learn why and from whom.
            if !isOwn {
                try await request.mail(staff: token.staffMember, subjectKey: "mail.staff_token_revoked.subject",
                                       paragraphs: ["mail.staff_token_revoked.body"], arguments: ["token": token.name, "actor": staff.name], on: db)
            }
        }) else { throw AppError.notFound }
        request.logger.notice("Staff \(staff.email) revoked the staff API token \(token.tokenPrefix)… (\(token.name))")
        return request.redirect(to: .staffAPITokens, notice: "token_revoked")
    }

    /// Every staff session passed the authenticator code before it signs anyone in (`SessionAuthenticator`); checked
    /// again here because a token outlives the session that made it.
    static func verifiedStaff(_ request: Request) throws -> StaffMember {
        let identity = try request.staff()
        guard identity.session.secondFactorAt != nil, !identity.session.isSecondFactorPending else { throw AppError.forbidden }
        return identity.staff
    }

    private func render(_ request: Request, newToken: String?, form: FormState) async throws -> View {
        let staff = try request.staff().staff
        var form = form
        // The day a token ends unless another is chosen, shown filled in rather than a blank that once meant "never".
        if form.values["expires_on"] == nil { form.values["expires_on"] = request.staffTokens.defaultLastDay }
        let tokens = try await request.staffTokens.list(of: staff.requireID())
        let others = staff.role == .administrator ? try await request.staffTokens.listOthers(than: staff.requireID()) : nil
        // The staff API's root: its invoices route without the last segment, so the page never spells the prefix.
        let invoices = SiteRoute.api(.staffInvoices).url(base: request.kontor.config.publicURL)
        return try await request.view.render("Staff/APITokens", Page(
            layout: await request.layout(title: request.t("staff.tokens.title")),
            tokens: tokens.map { .init(name: $0.name, prefix: $0.tokenPrefix, scope: request.t("staff.role.\($0.scope.rawValue)"), createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt,
                                       expiresAt: $0.expiresAt, revokePath: SiteRoute.staffRevokeAPIToken($0.id!).path) },
            others: others?.map { .init(member: $0.staffMember.name, email: $0.staffMember.email, name: $0.name, prefix: $0.tokenPrefix,
                                        scope: request.t("staff.role.\($0.scope.rawValue)"), lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt, revokePath: SiteRoute.staffRevokeAPIToken($0.id!).path) },
            newToken: newToken, form: form, action: SiteRoute.staffAPITokens.path,
            apiBase: String(invoices.prefix(upTo: invoices.lastIndex(of: "/") ?? invoices.endIndex))))
    }
}

