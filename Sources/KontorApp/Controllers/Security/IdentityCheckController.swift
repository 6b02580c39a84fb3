import Fluent
import KontorDomain
import Vapor

/// "Ask for help" at the second step of signing in: with the password already given, the customer uploads an
/// identity document (front and back) and a selfie for staff to check. While the request waits, the page says so.
struct IdentityCheckController {
    /// Three files of at most 5 MB each, plus the form fields.
    static let maximumUpload = 3 * IdentityDocumentPolicy.maximumBytes + 256 * 1024

    struct CheckPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
        let pendingSince: String?
        let maximumMegabytes: Int
        let backPath: String
    }
    struct UploadForm: Content {
        var password: String?
        var document_front: File?
        var document_back: File?
        var document_selfie: File?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.identityCheck, use: show)
        routes.on(.POST, .identityCheck, body: .collect(maxSize: ByteCount(value: Self.maximumUpload)), use: submit)
    }

    func show(_ request: Request) async throws -> Response {
        guard request.pendingSecondFactor != nil else { return request.redirect(to: .signIn) }
        return try await render(request, form: FormState()).encodeResponse(for: request)
    }

    func submit(_ request: Request) async throws -> Response {
        guard let pending = request.pendingSecondFactor else { return request.redirect(to: .signIn) }
        // Three documents of up to 5 MB: read from the parts the CSRF check split the body into, not parsed again.
        let form = if let parts = try MultipartForm.of(request) {
            UploadForm(password: parts.text("password"), document_front: parts.file("document_front"),
                       document_back: parts.file("document_back"), document_selfie: parts.file("document_selfie"))
        } else {
            try request.content.decode(UploadForm.self)
        }
        let files = Self.documents(front: form.document_front, back: form.document_back, selfie: form.document_selfie)
        do {
            _ = try await IdentityVerificationService(request: request).submit(for: pending.user, password: form.password, files: files)
            return request.redirect(to: .identityCheck, notice: "identity_request_sent")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError {
            return try await render(request, form: FormState(message: request.t(error.messageKey, error.messageArguments), values: [:]))
                .encodeResponse(status: error.status, for: request)
        }
    }

    /// The uploaded documents by side, leaving out fields sent empty (the policy then names them as missing).
    static func documents(front: File?, back: File?, selfie: File?) -> [IdentityDocumentPolicy.Side: [UInt8]] {
        var files: [IdentityDocumentPolicy.Side: [UInt8]] = [:]
        for (side, file) in [(IdentityDocumentPolicy.Side.front, front), (.back, back), (.selfie, selfie)] {
            if let file, file.data.readableBytes > 0 { files[side] = Array(buffer: file.data) }
        }
        return files
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        guard let pending = request.pendingSecondFactor else { throw AppError.unauthenticated }
        let waiting = try await IdentityVerificationService(request: request).pendingRequest(of: pending.user.requireID())
        return try await request.view.render("Security/IdentityCheck", CheckPage(
            layout: await request.layout(title: request.t("identity.title")), form: form, action: SiteRoute.identityCheck.path,
            pendingSince: waiting.map { Self.timestamp($0.createdAt, request) }, maximumMegabytes: IdentityDocumentPolicy.maximumBytes / (1024 * 1024),
            backPath: SiteRoute.signInSecondFactor.path))
    }

    /// `01.12.2026 15:05 CET`: in the reader's language and zone, as the security log writes times.
    static func timestamp(_ date: Date, _ request: Request) -> String {
        LocalizedDate.moment(date.timeIntervalSince1970, zone: request.displayTimeZoneIdentifier, request.language)
    }
}
