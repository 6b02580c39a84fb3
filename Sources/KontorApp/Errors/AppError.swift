import KontorDomain
import Vapor

/// The errors Kontor's features raise, each with its HTTP status, a stable code for the API and a catalog key.
enum AppError: Error, Equatable {
    case unauthenticated
    case invalidCredentials
    case emailNotVerified
    case forbidden
    case notFound
    case csrfFailed
    case rateLimited(retryAfterSeconds: Int)
    case invitationUnusable
    case invitationForAnotherAddress
    case alreadyMember
    case membershipRefused(MembershipRefusal)
    /// `arguments` fill the message's placeholders (the product that still uses an address, say).
    case conflict(messageKey: String, arguments: [String: String] = [:])
    /// Refused for a reason the caller can act on, said by the catalog key (403, code: the key's last part).
    case refused(messageKey: String)
    /// The password was right; this account also needs its second factor (`otp` in the API).
    case secondFactorRequired
    /// The password was right, the second factor (`otp`) was not, or it was already used.
    case secondFactorInvalid
    /// The path exists but not for this method (TRACE, say); `allowed` goes into the `Allow` header.
    case methodNotAllowed(allowed: [HTTPMethod])

    var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated, .invalidCredentials, .secondFactorRequired, .secondFactorInvalid: .unauthorized
        case .emailNotVerified, .forbidden, .csrfFailed, .invitationForAnotherAddress, .refused: .forbidden
        case .notFound: .notFound
        case .rateLimited: .tooManyRequests
        case .invitationUnusable: .gone
        // A role that may not do it is refused (403), like any other authorization; a member who is not there is not
        // found; what the organization's rules refuse anyone (its last legal representative leaving) is a conflict.
        case .membershipRefused(.notPermitted), .membershipRefused(.legalRepresentativesOnly): .forbidden
        case .membershipRefused(.notAMember): .notFound
        case .alreadyMember, .conflict, .membershipRefused: .conflict
        case .methodNotAllowed: .methodNotAllowed
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .invalidCredentials: "invalid_credentials"
        case .emailNotVerified: "email_not_verified"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .csrfFailed: "csrf_failed"
        case .rateLimited: "rate_limited"
        case .invitationUnusable: "invitation_unusable"
        case .invitationForAnotherAddress: "invitation_for_another_address"
        case .alreadyMember: "already_member"
        case .secondFactorRequired: "second_factor_required"
        case .secondFactorInvalid: "second_factor_invalid"
        case .methodNotAllowed: "method_not_allowed"
        case .membershipRefused(let refusal): refusal.rawValue.replacingOccurrences(of: "membership.refused.", with: "")
        case .conflict(let key, _): key.split(separator: ".").last.map(String.init) ?? "conflict"
        case .refused(let key): key.split(separator: ".").last.map(String.init) ?? "forbidden"
        }
    }

    var messageKey: String {
        switch self {
        case .membershipRefused(let refusal): refusal.rawValue
        case .conflict(let key, _), .refused(let key): key
        case .secondFactorRequired: "error.two_factor.required"
        case .secondFactorInvalid: "error.two_factor.code_invalid"
        // Under a minute (the per-account delay's first steps): "in 1 minute" beside `Retry-After: 1` was wrong.
        case .rateLimited(let seconds) where seconds < 60: "error.rate_limited_shortly"
        // A day's wait (the invitation and order caps) in hours: "1440 minutes" was no answer (security probe round 10).
        case .rateLimited(let seconds) where seconds > 90 * 60: "error.rate_limited_hours"
        default: "error.\(code)"
        }
    }

    /// Headers the answer must carry: `Retry-After` when throttled (RFC 9110 §10.2.3), `Allow` with a 405 (§15.5.6).
    var headers: HTTPHeaders {
        switch self {
        case .rateLimited(let seconds): ["Retry-After": String(seconds)]
        case .methodNotAllowed(let allowed): ["Allow": allowed.map(\.rawValue).joined(separator: ", ")]
        default: [:]
        }
    }

    /// The field the error is about, named in the API's `fields` too.
    var field: String? {
        switch self {
        case .secondFactorInvalid: "otp"
        default: nil
        }
    }

    var messageArguments: [String: String] {
        switch self {
        case .rateLimited(let seconds) where seconds > 90 * 60: ["hours": String((seconds + 3599) / 3600)]
        case .rateLimited(let seconds) where seconds >= 60: ["minutes": String((seconds + 59) / 60)]
        case .conflict(_, let arguments): arguments
        default: [:]
        }
    }
}
