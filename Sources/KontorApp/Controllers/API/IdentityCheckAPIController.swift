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

    func submit(_ request: Request) async throws -> Response {
        guard request.headers.contentType?.type == "multipart", request.headers.contentType?.subType == "form-data" else {
            throw Abort(.unsupportedMediaType)
        }
        // Counted per address, and a place taken, before a byte of the body is read: the sign-in throttle only answers
        // after it (`UploadGate`: twenty parallel anonymous uploads took a server from 77 MB to 881 MB, round 6).
        let gate = request.kontor.identityUploads
        let place = try await gate.enter(request)
        defer { place.release() }
        try await gate.collect(request, max: IdentityCheckController.maximumUpload)
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
