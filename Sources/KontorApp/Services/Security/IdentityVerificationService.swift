import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// "Ask for help" when every second factor is lost: the customer proves the password and sends an identity
/// document (front and back) and a selfie; staff compare them with the account and approve or reject.
/// Approval removes the second factors, ends every session and revokes every personal API token. Nothing here can be reached without the
/// password, and staff can never switch 2FA off any other way.
struct IdentityVerificationService {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }
    static let sealingPurpose = "kontor identity documents v1"
    var sealing: SecretSealing { SecretSealing(secretKey: request.kontor.config.secretKey, purpose: Self.sealingPurpose) }

    /// The request waiting for a decision, if the user has one.
    func pendingRequest(of userID: UUID) async throws -> IdentityRequest? {
        try await IdentityRequest.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$statusValue == IdentityRequestStatus.pending.rawValue).first()
    }

    /// Files a request. Every field is checked before anything is stored; the documents are sealed and
    /// written in one transaction with the request, the log entry and the acknowledgement e-mail.
    func submit(for user: User, password: String?, files: [IdentityDocumentPolicy.Side: [UInt8]]) async throws -> IdentityRequest {
        let userID = try user.requireID()
        var errors: [FieldError] = []
        if let error = try await request.currentPasswordError(password, of: user) { errors.append(error) }
        let (types, fileErrors) = IdentityDocumentPolicy.checkAll(files)
        errors += fileErrors
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        // What is stored is the picture without where, when and with what it was taken.
        let (files, damaged) = IdentityDocumentPolicy.minimised(files, types: types)
        guard damaged.isEmpty else { throw ValidationFailure(damaged) }
        if try await pendingRequest(of: userID) != nil { throw AppError.conflict(messageKey: "error.identity.already_pending") }
        if case .limited(let retry) = try await request.rateLimiter.hit("identity:" + userID.uuidString, limit: ThrottlePolicy.identityRequestsPerAccount) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        let sealed = try IdentityDocumentPolicy.Side.allCases.map { side in (side, try sealing.sealData(files[side] ?? [])) }
        do {
            return try await store(userID: userID, user: user, sealed: sealed, files: files, types: types)
        } catch where !(error is ValidationFailure) {
            // The partial unique index (M027) refused a second pending request sent at the same moment.
            if try await pendingRequest(of: userID) != nil { throw AppError.conflict(messageKey: "error.identity.already_pending") }
            throw error
        }
    }

    private func store(userID: UUID, user: User, sealed: [(IdentityDocumentPolicy.Side, Data)], files: [IdentityDocumentPolicy.Side: [UInt8]],
                       types: [IdentityDocumentPolicy.Side: DocumentType]) async throws -> IdentityRequest {
        try await db.transaction { db in
            let identityRequest = IdentityRequest(userID: userID, now: now, ipAddress: request.clientAddress, userAgent: request.userAgentSummary)
            try await identityRequest.create(on: db)
            let requestID = try identityRequest.requireID()
            for (side, data) in sealed {
                try await IdentityDocument(requestID: requestID, side: side, type: types[side] ?? .pdf,
                                           byteCount: files[side]?.count ?? 0, sealedData: data, now: now).create(on: db)
            }
            try await request.record(.identityRequestSubmitted, user: userID, on: db)
            try await request.mail(user, subjectKey: "mail.identity_received.subject", paragraphs: ["mail.identity_received.body", "mail.security.not_you"], on: db)
            return identityRequest
        }
    }

    /// Approves a pending request: the user's second factors and backup codes are removed, every session ends and
    /// every personal API token is revoked (whoever locked the owner out keeps no way in), and the user is told. A request is decided once, even when two reviewers click at the same moment.
    func approve(_ requestID: UUID, by staff: StaffMember) async throws {
        try await db.transaction { db in
            let identityRequest = try await claim(requestID, status: .approved, reason: nil, staff: staff, on: db)
            let userID = identityRequest.$user.id
            try await TwoFactorService.removeAllFactors(of: userID, on: db)
            try await AuthSession.query(on: db).filter(\.$user.$id == userID).delete()
            try await SecondFactorLockout.release(userID, on: db)
            try await request.record(.identityRequestApproved, user: userID, staff: staff.id, on: db)
            try await request.revokePersonalTokens(of: userID, staff: staff.id, on: db)
            try await PendingChanges.withdraw(of: userID, now: now, on: db)
            try await PendingChanges.withdrawInvitations(sentBy: userID, now: now, on: db)
            guard let user = try await User.find(userID, on: db) else { return }
            try await request.mail(user, subjectKey: "mail.identity_approved.subject",
                           paragraphs: ["mail.identity_approved.body", "mail.security.not_you"], on: db)
        }
    }

    /// Rejects a pending request with a reason the customer reads; nothing else changes.
    func reject(_ requestID: UUID, by staff: StaffMember, reason rawReason: String?) async throws {
        let reason: String
        switch RejectionReason.parse(rawReason) {
        case .success(let text): reason = text
        case .failure(let error): throw ValidationFailure([error])
        }
        try await db.transaction { db in
            let identityRequest = try await claim(requestID, status: .rejected, reason: reason, staff: staff, on: db)
            let userID = identityRequest.$user.id
            try await request.record(.identityRequestRejected, user: userID, staff: staff.id, detail: reason, on: db)
            guard let user = try await User.find(userID, on: db) else { return }
            try await request.mail(user, subjectKey: "mail.identity_rejected.subject",
                           paragraphs: ["mail.identity_rejected.body", "mail.identity_rejected.reason", "mail.identity_rejected.again"],
                           arguments: ["reason": reason], on: db)
        }
    }

    /// Closes the user's pending request because they passed their second factor: they are back in, and the
    /// request needs no reviewer. Its documents then go after the retention period like any decided request's.
    /// True when there was one to close.
    static func closePending(of userID: UUID, now: Date, on db: any Database) async throws -> Bool {
        let closed = try await (db as! any SQLDatabase).raw("""
            UPDATE identity_requests SET status = \(bind: IdentityRequestStatus.closed.rawValue), decided_at = \(bind: now)
            WHERE user_id = \(bind: userID) AND status = \(bind: IdentityRequestStatus.pending.rawValue) RETURNING id
            """).all()
        return !closed.isEmpty
    }

    /// The decrypted picture `side` of a request, for a reviewer; each viewing is logged.
    func document(_ requestID: UUID, side: IdentityDocumentPolicy.Side, viewer staff: StaffMember) async throws -> (DocumentType, [UInt8]) {
        guard let identityRequest = try await IdentityRequest.find(requestID, on: db),
              let document = try await IdentityDocument.query(on: db).filter(\.$request.$id == requestID)
                .filter(\.$sideValue == side.rawValue).first() else { throw AppError.notFound }
        let opened = try sealing.openData(document.sealedData)
        // Documents stored before uploads were stripped of their metadata lose it here.
        let bytes = PhotoMetadata.stripped(opened, type: document.type) ?? opened
        try await request.record(.identityDocumentViewed, user: identityRequest.$user.id, staff: staff.id, detail: side.rawValue)
        return (document.type, bytes)
    }

    /// A request nobody decided within this many days is closed: its documents then follow the retention period like a
    /// decided one's. Before, a request left in the queue kept a customer's identity card and selfie for good
    /// (security probe round 5). The customer, still locked out, can send a new one.
    static let unansweredDays = 90

    /// Closes the requests pending for more than `unansweredDays`, each logged in its customer's security log and
    /// told to its customer by e-mail (still locked out, they would otherwise wait for an answer that never comes);
    /// returns how many. Run by the housekeeping worker and `kontor housekeeping`, before the documents' deletion.
    static func closeUnanswered(on db: any Database, now: Date, mail: MailComposer, defaultLanguage: Language) async throws -> Int {
        let before = now.addingTimeInterval(-Double(unansweredDays) * 24 * 3600)
        // One transaction: a request closed is logged, or neither happened. The conditional UPDATE closes each once,
        // whichever server's housekeeping gets there first.
        return try await db.transaction { db in
            let closed = try await (db as! any SQLDatabase).raw("""
                UPDATE identity_requests SET status = \(bind: IdentityRequestStatus.closed.rawValue), decided_at = \(bind: now)
                WHERE status = \(bind: IdentityRequestStatus.pending.rawValue) AND created_at < \(bind: before) RETURNING user_id
                """).all()
            for row in closed {
                let userID = try row.decode(column: "user_id", as: UUID.self)
                try await SecurityEvent.record(.identityRequestClosed, user: userID,
                                               detail: "unanswered for \(unansweredDays) days", ipAddress: "", userAgent: "housekeeping", at: now, on: db)
                guard let user = try await User.find(userID, on: db) else { continue }
                try await mail.notice(to: user, defaultLanguage: defaultLanguage, subjectKey: "mail.identity_closed.subject",
                                      paragraphs: ["mail.identity_closed.body", "mail.identity_closed.again"],
                                      arguments: ["days": String(unansweredDays)], outbox: Outbox(database: db, now: now))
            }
            return closed.count
        }
    }

    /// Deletes the documents of requests decided more than the retention period ago; returns how many requests
    /// lost their documents. Run by the housekeeping worker and `kontor housekeeping`.
    static func deleteExpiredDocuments(on db: any Database, now: Date, retention: IdentityRetention) async throws -> Int {
        let due = try await IdentityRequest.query(on: db).filter(\.$decidedAt < retention.decidedBefore(now: now))
            .filter(\.$documentsDeletedAt == nil).all()
        for identityRequest in due {
            try await db.transaction { db in
                try await IdentityDocument.query(on: db).filter(\.$request.$id == identityRequest.requireID()).delete()
                identityRequest.documentsDeletedAt = now
                try await identityRequest.save(on: db)
            }
        }
        return due.count
    }

    /// Marks a pending request decided with one conditional UPDATE; a request already decided is a conflict.
    private func claim(_ requestID: UUID, status: IdentityRequestStatus, reason: String?, staff: StaffMember,
                       on db: any Database) async throws -> IdentityRequest {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound }
        guard try await IdentityRequest.find(requestID, on: db) != nil else { throw AppError.notFound }
        let claimed = try await sql.raw("""
            UPDATE identity_requests SET status = \(bind: status.rawValue), decided_at = \(bind: now),
              decided_by_staff_id = \(bind: staff.requireID()), reason = \(bind: reason)
            WHERE id = \(bind: requestID) AND status = \(bind: IdentityRequestStatus.pending.rawValue) RETURNING id
            """).all()
        guard !claimed.isEmpty, let decided = try await IdentityRequest.find(requestID, on: db) else {
            throw AppError.conflict(messageKey: "error.identity.already_decided")
        }
        return decided
    }
}
