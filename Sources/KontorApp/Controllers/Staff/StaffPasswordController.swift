import Foundation
import KontorDomain
import Vapor

/// A member of staff changes their own password (ASVS 6.2.3: the current one first). The administrator who created the
/// account chose the first password; changing it is what keeps that administrator from signing in as the member after
/// resetting their authenticator app, so until the member has chosen their own every other staff page leads here
/// (`RequireStaff`). Every other staff session of the member ends, the member is mailed.
struct StaffPasswordController {
    struct Page: Encodable {
        let layout: LayoutModel
        /// An administrator chose the password: nothing else in the console opens until the member has chosen their own.
        let mustChangePassword: Bool
        let form: FormState
        let action: String
    }
    struct PasswordForm: Content {
        var current_password: String?
        var new_password: String?
    }

    func register(_ staff: any RoutesBuilder) {
        staff.get(.staffPassword, use: show)
        staff.post(.staffPassword, use: change)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState())
    }

    func change(_ request: Request) async throws -> Response {
        let identity = try request.staff()
        let form = try request.content.decode(PasswordForm.self)
        do {
            if let wrong = try await request.currentStaffPasswordError(form.current_password, of: identity.staff, field: "current_password") {
                throw ValidationFailure([wrong])
            }
            let member = identity.staff
            // The policy refuses the current one again: it stays known to whoever chose it (the administrator, for a
            // first password).
            try await request.staffService.changePassword(of: member, to: form.new_password, replacing: form.current_password,
                                                          providerName: request.kontor.config.providerName,
                                                          keepingSession: try identity.session.requireID()) { db in
                try await request.record(.staffPasswordChanged, staff: member.id, on: db)
                try await request.mail(staff: member, subjectKey: "mail.staff_password_changed.subject",
                                       paragraphs: ["mail.staff_password_changed.body", "mail.staff.not_you"], on: db)
            }
            return request.redirect(to: .staffPassword, notice: "staff_password_changed")
        } catch AppError.unauthenticated {
            // Another tab's change ended this session meanwhile (or the member was deactivated): signed out, as any page says.
            return request.redirect(to: .staffSignIn)
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        try await request.view.render("Staff/Password", Page(
            layout: await request.layout(title: request.t("staff.password.title")),
            mustChangePassword: try request.staff().staff.mustChangePassword, form: form, action: SiteRoute.staffPassword.path))
    }
}
