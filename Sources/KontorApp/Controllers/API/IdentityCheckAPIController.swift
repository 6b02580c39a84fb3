import Fluent
import Foundation
import KontorDomain
import NIOConcurrencyHelpers
import Vapor

/// "Ask for help" through the API, like every other security capability: a customer who lost every second factor
/// sends the address, the password and the three documents in one multipart request. The password is checked with
/// the sign-in throttles; the documents with the same rules as the page; staff then decide as for the page.
struct IdentityCheckAPIController {
    struct Upload: Content {
        var email: String?
        var password: String?
        var document_front: File?
        var document_back: File?
        var document_selfie: File?
    }

    func register(_ routes: any RoutesBuilder) {
        // Streamed, and read only once the caller may send that much (`readBody`).
        routes.on(.POST, .api(.identityChecks), body: .stream, use: submit)
    }

    /// Uploads read at the same moment on one server: each body is held whole (up to `maximumUpload`, ~15 MB) before
    /// its password can be checked, by anyone, signed in or not. Twenty parallel anonymous uploads took a server from
    /// 77 MB to 881 MB (security probe round 6); four cap that at about 60 MB, and a person sending one request
    /// waits for nobody.
    static let slots = UploadSlots(count: 4)

    func submit(_ request: Request) async throws -> Response {
        guard request.headers.contentType?.type == "multipart", request.headers.contentType?.subType == "form-data" else {
            throw Abort(.unsupportedMediaType)
        }
        // Counted per address before a byte of the body is read: the sign-in throttle only answers after it.
        if case .limited(let retry) = try await request.rateLimiter.hit("identity-upload:" + SecretToken.hash(request.clientAddress),
                                                                        limit: ThrottlePolicy.identityUploadsPerAddress) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        guard Self.slots.take() else { throw AppError.rateLimited(retryAfterSeconds: 5) }
        defer { Self.slots.give() }
        _ = try await request.body.collect(max: IdentityCheckController.maximumUpload).get()
        let upload = try request.content.decode(Upload.self)
        let user = try await AccountService(request: request).signIn(email: upload.email, password: upload.password, deviceToken: nil)
        // Only an account with a second factor can be locked out of it; the others simply sign in.
        guard try await TwoFactorService(request: request).isEnabled(for: try user.requireID()) else {
            throw AppError.conflict(messageKey: "error.identity.not_needed")
        }
        let files = IdentityCheckController.documents(front: upload.document_front, back: upload.document_back, selfie: upload.document_selfie)
        let filed = try await IdentityVerificationService(request: request).submit(for: user, password: upload.password, files: files)
        return try await APIModels.IdentityCheck(id: try filed.requireID(), status: filed.statusValue, submittedAt: filed.createdAt)
            .encodeResponse(status: .accepted, for: request)
    }
}

/// A fixed number of places, taken without waiting: a caller who finds none is told to come back.
final class UploadSlots: Sendable {
    private let free: NIOLockedValueBox<Int>

    init(count: Int) { free = NIOLockedValueBox(count) }

    /// True when a place was free (and is now this caller's, until `give`).
    func take() -> Bool {
        free.withLockedValue { free in
            guard free > 0 else { return false }
            free -= 1
            return true
        }
    }

    func give() { free.withLockedValue { $0 += 1 } }
}
