import Fluent
import Foundation
import KontorDomain
import Vapor

/// The staff side of "ask for help": the queue of identity-verification requests, one request with its
/// documents next to the account's facts, and the decision. Every document view and decision is audited.
struct StaffIdentityChecksController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            let name: String
            let email: String
            let submittedAt: Date
            let status: String
            let path: String
        }
        let layout: LayoutModel
        let pending: [Row]
        let decided: [Row]
    }
    struct DetailPage: Encodable {
        struct Document: Encodable {
            let side: String
            let href: String
            let isImage: Bool
            let kilobytes: Int
        }
        struct Event: Encodable {
            let what: String
            let at: Date
            let ipAddress: String
        }
        let layout: LayoutModel
        let form: FormState
        let name: String
        let email: String
        let supportCode: String
        let accountCreatedAt: Date
        let methods: [String]
        let submittedAt: Date
        let ipAddress: String
        let device: String
        let status: String
        let isPending: Bool
        let decidedAt: Date?
        let decidedBy: String?
        let reason: String?
        let documentsDeletedAt: Date?
        let documentsDeletedOn: Date?
        let documents: [Document]
        let recentEvents: [Event]
        let approveAction: String
        let rejectAction: String
        let listPath: String
    }
    struct DecisionForm: Content {
        var reason: String?
        var confirmed: String?
    }

    func register(_ support: any RoutesBuilder) {
        support.get(.staffIdentityChecks, use: list)
        support.get(.staffIdentityCheck(SiteRoute.anyID), use: show)
        support.get(.staffIdentityDocument(SiteRoute.anyID, side: "front"), use: document)
        support.post(.staffIdentityApprove(SiteRoute.anyID), use: approve)
        support.post(.staffIdentityReject(SiteRoute.anyID), use: reject)
    }

    func list(_ request: Request) async throws -> View {
        // Every waiting request, oldest first (none may hide behind a busy day of decisions); the latest 50 decided.
        let pending = try await IdentityRequest.query(on: request.db).filter(\.$statusValue == IdentityRequestStatus.pending.rawValue)
            .with(\.$user).sort(\.$createdAt).all()
        let decided = try await IdentityRequest.query(on: request.db).filter(\.$statusValue != IdentityRequestStatus.pending.rawValue)
            .with(\.$user).sort(\.$decidedAt, .descending).limit(50).all()
        func row(_ item: IdentityRequest) -> ListPage.Row {
            .init(name: item.user.name, email: item.user.email, submittedAt: item.createdAt,
                  status: request.t("identity.status.\(item.statusValue)"), path: SiteRoute.staffIdentityCheck(item.id!).path)
        }
        return try await request.view.render("Staff/IdentityChecks", ListPage(
            layout: await request.layout(title: request.t("staff.identity.title")),
            pending: pending.map(row), decided: decided.map(row)))
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState())
    }

    func document(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        guard let side = IdentityDocumentPolicy.Side(rawValue: request.parameters.get("side") ?? "") else { throw AppError.notFound }
        let (type, bytes) = try await IdentityVerificationService(request: request).document(try request.id("requestID"), side: side, viewer: staff)
        var headers = HTTPHeaders()
        headers.contentType = switch type {
        case .jpeg: .jpeg
        case .png: .png
        case .pdf: .pdf
        }
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(side.rawValue).\(type.rawValue)\"")
        // The customer's file, opened at the console's address: a PDF's scripts, form submissions and links to
        // elsewhere run in a sandbox, with no origin of the console's (security probe round 5).
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    func approve(_ request: Request) async throws -> Response {
        let id = try request.id("requestID")
        let form = try request.content.decode(DecisionForm.self)
        guard FormSwitch.isTicked(form.confirmed) else {
            let failure = ValidationFailure([FieldError(field: "confirmed", messageKey: "error.identity.confirm_compared")])
            return try await render(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        try await IdentityVerificationService(request: request).approve(id, by: try request.staff().staff)
        return request.redirect(to: .staffIdentityChecks, notice: "identity_approved")
    }

    func reject(_ request: Request) async throws -> Response {
        let id = try request.id("requestID")
        let form = try request.content.decode(DecisionForm.self)
        do {
            try await IdentityVerificationService(request: request).reject(id, by: try request.staff().staff, reason: form.reason)
            return request.redirect(to: .staffIdentityChecks, notice: "identity_rejected")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: ["reason": form.reason ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let id = try request.id("requestID")
        guard let item = try await IdentityRequest.query(on: request.db).filter(\.$id == id).with(\.$user).with(\.$decidedBy)
            .with(\.$documents).first() else { throw AppError.notFound }
        let user = item.user
        let userID = try user.requireID()
        let status = try await TwoFactorService(request: request).status(for: userID)
        let methods = status.methods.map { kind in
            kind == "backup_codes" ? request.t("security.codes.remaining", ["count": String(status.remainingBackupCodes)])
                : request.t("identity.method.\(kind)")
        }
        let events = try await SecurityLog(request: request).events(of: userID, limit: 10)
        let organizations = try await SecurityLog(request: request).organizationNames(of: events)
        let retention = IdentityRetention(days: request.kontor.config.identityDocumentRetentionDays)
        let documents = IdentityDocumentPolicy.Side.allCases.compactMap { side in
            item.documents.first { $0.sideValue == side.rawValue }.map {
                DetailPage.Document(side: request.t("identity.field.\(side.rawValue)"), href: SiteRoute.staffIdentityDocument(id, side: side.rawValue).path,
                                    isImage: $0.type.isImage, kilobytes: max(1, $0.byteCount / 1024))
            }
        }
        return try await request.view.render("Staff/IdentityCheck", DetailPage(
            layout: await request.layout(title: request.t("staff.identity.request_title", ["name": user.name])), form: form,
            name: user.name, email: user.email, supportCode: SupportCodeFormatting.formatted(user.supportCode),
            accountCreatedAt: user.createdAt, methods: methods, submittedAt: item.createdAt, ipAddress: item.ipAddress,
            device: item.userAgent, status: request.t("identity.status.\(item.statusValue)"), isPending: item.status == .pending,
            decidedAt: item.decidedAt, decidedBy: item.decidedBy?.name, reason: item.reason,
            documentsDeletedAt: item.documentsDeletedAt,
            documentsDeletedOn: item.documentsDeletedAt == nil ? item.decidedAt.map(retention.deletionDate) : nil,
            documents: documents,
            recentEvents: events.map { .init(what: SecurityLog(request: request).describe($0, organizations: organizations), at: $0.createdAt, ipAddress: $0.ipAddress) },
            approveAction: SiteRoute.staffIdentityApprove(id).path, rejectAction: SiteRoute.staffIdentityReject(id).path,
            listPath: SiteRoute.staffIdentityChecks.path))
    }
}
