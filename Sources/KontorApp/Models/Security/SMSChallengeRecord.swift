import Fluent
import Foundation
import KontorDomain

/// What an SMS code is for.
enum SMSPurpose: String, Sendable {
    /// The second step of a sign-in; the attempt is the pending session.
    case signIn = "sign_in"
    /// Proving a new phone number belongs to the user; the attempt is the unconfirmed phone factor.
    case phoneVerification = "phone_verification"
}

/// A stored SMS code: only its keyed hash, bound to the attempt (see `SMSChallenge`).
final class SMSChallengeRecord: Model, @unchecked Sendable {
    static let schema = "sms_challenges"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "attempt_id") var attemptID: String
    @Field(key: "purpose") var purposeValue: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "failures") var failures: Int
    /// How many codes were sent for this attempt (a resend replaces the code but keeps the failures).
    @Field(key: "sends") var sends: Int
    /// When the right code was typed: a used code stays (until housekeeping) so that the same code sent again at the
    /// same moment is told apart from a dead one (M080).
    @OptionalField(key: "used_at") var usedAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $user, $attemptID, $purposeValue, $codeHash, $issuedAt, $failures, $sends, $usedAt] }

    init() {}

    var challenge: SMSChallenge {
        SMSChallenge(codeHash: codeHash, issuedAt: issuedAt, failures: failures, attemptID: attemptID)
    }
}
