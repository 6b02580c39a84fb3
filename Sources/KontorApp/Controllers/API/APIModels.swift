import Foundation
import KontorDomain
import Vapor

/// The JSON shapes of `/api/v1`, as described in `openapi.yaml`.
enum APIModels {
    struct Me: Content {
        let id: UUID
        let name: String
        let email: String
        let language: String
        /// The IANA zone times are shown in; nil for the provider's.
        let timeZone: String?
        let supportCode: String
        let createdAt: Date
    }
    struct SignIn: Content {
        var email: String?
        var password: String?
        /// The current authenticator-app code, or a backup code, for accounts with two-factor authentication.
        var otp: String?
    }
    /// An identity check filed through the API; staff decide it, and the customer is told by e-mail.
    struct IdentityCheck: Content {
        let id: UUID
        let status: String
        let submittedAt: Date
    }
    struct SMSAttempt: Content {
        /// Identifies this sign-in attempt for `POST /sessions/sms`; it opens nothing by itself.
        let attemptToken: String
        let phone: String
        let expiresAt: Date
    }
    struct SMSSignIn: Content {
        var attemptToken: String?
        var code: String?
    }
    struct SessionCreated: Content {
        let token: String
        let expiresAt: Date
        let user: Me
    }
    struct Accepted: Content {
        let status: String
        let message: String
    }
    struct ProfileUpdate: Content {
        var name: String?
        var language: String?
        /// An IANA zone, or "" for the provider's; left out or null, it stays as it is.
        var timeZone: String?
    }
    struct PasswordChange: Content {
        var currentPassword: String?
        var newPassword: String?
    }
    struct Session: Content {
        let id: UUID
        let channel: String
        let ipAddress: String
        let userAgent: String
        let createdAt: Date
        let lastSeenAt: Date
        let isCurrent: Bool
    }
    struct TokenRequest: Content {
        var name: String?
        var expiresInDays: Int?
        /// The current password, as on the page: a borrowed session must not leave a lasting key behind.
        var password: String?
    }
    struct Token: Content {
        let id: UUID
        let name: String
        let prefix: String
        let createdAt: Date
        let lastUsedAt: Date?
        let expiresAt: Date?
        let token: String?
    }
    struct Organization: Content {
        let id: UUID
        let name: String
        let role: String
        let memberCount: Int?
    }
    struct Member: Content {
        let id: UUID
        let userID: UUID
        let name: String
        let email: String
        let role: String
    }
    struct RoleChange: Content {
        var role: String?
    }
    struct InvitationRequest: Content {
        var email: String?
        var role: String?
    }
    struct Invitation: Content {
        let id: UUID
        let email: String
        let role: String
        let createdAt: Date
        let expiresAt: Date
    }
    struct TwoFactorStatus: Content {
        let enabled: Bool
        let methods: [String]
        let remainingBackupCodes: Int
        /// Whether the calling session may switch 2FA off (it passed the second factor; never a personal token).
        let canDisable: Bool
    }
    struct Phone: Content {
        /// The number masked (`+41 •• ••• •• 67`), or nil when none is set.
        let phone: String?
        /// False while the number waits for the code texted to it.
        let confirmed: Bool
    }
    struct PhoneChange: Content {
        var phone: String?
        var password: String?
    }
    struct CodeConfirmation: Content {
        var code: String?
    }
    /// `DELETE /me/sessions`: how many sessions ended.
    struct SessionsEnded: Content {
        let ended: Int
    }
    struct PasswordConfirmation: Content {
        var password: String?
    }
    /// What stops closing the account (`GET /me/closure`): nothing, when `obstacles` is empty and `needsSecondFactor` false.
    struct AccountClosureStatus: Content {
        struct Obstacle: Content {
            let organizationId: UUID
            let organizationName: String
            /// `last_legal_representative`, `products`, `open_invoices`, `prepaid_balance`, `office_suite_seat`, `organization_mailbox`.
            let reasons: [String]
            /// The same, said in the caller's language.
            let messages: [String]
        }
        let obstacles: [Obstacle]
        let needsSecondFactor: Bool
        let canClose: Bool
    }
    struct AccountClosureRequest: Content {
        var password: String?
        /// Must be true: the caller understands the closure cannot be undone.
        var confirm: Bool?
    }
    struct BackupCodes: Content {
        let codes: [String]
    }
    /// A new recovery address (`PUT /me/recovery-email`) or sign-in address (`PUT /me/email`), with the current password.
    struct RecoveryEmailChange: Content {
        var email: String?
        var password: String?
    }
    struct PasswordResetRequest: Content {
        var email: String?
    }
    struct SecurityLogEntry: Content {
        let id: UUID
        let createdAt: Date
        let kind: String
        let description: String
        let ipAddress: String
        let device: String
    }
    struct SecurityLogPage: Content {
        let items: [SecurityLogEntry]
        /// Pass as `before` for the next (older) page; absent on the last page.
        let nextBefore: UUID?
    }
    struct NewsletterTopicChoice: Content {
        let id: UUID
        let slug: String
        let name: String
        let description: String
        let subscribed: Bool
    }
    struct NewsletterSubscriptions: Content {
        var topics: [String]?
    }
    struct SupportGrantRequest: Content {
        var hours: Int?
        var mayChange: Bool?
        /// Limits the access to one product of the organization; absent for the whole organization.
        var productID: UUID?
    }
    struct Product: Content {
        struct MySQLPrefix: Content {
            /// `wxyz_`: what the server's database and user names start with. The option itself is each site's
            /// (`/organizations/{orgID}/sites`).
            let namePrefix: String
        }
        let id: UUID
        /// `web_hosting`, `domain`, `mail_service`, `ksuite` or `nas_synology`.
        let kind: String
        let name: String
        let renewsAt: Date
        /// Whether Renewal Warranty is on; null for a product that does not offer it.
        let renewalWarranty: Bool?
        /// Web hosting only.
        let mysqlPrefix: MySQLPrefix?
        /// The billing address its renewals are invoiced to; absent for the organization's default.
        let billingAddressID: UUID?
    }
    struct ProductChanges: Content {
        var renewalWarranty: Bool?
        /// Moved to each site (`PATCH /organizations/{orgID}/sites/{siteID}`); given here, it is refused by name.
        var mysqlPrefix: Bool?
        var billingAddressID: UUID?
        /// `"billingAddressID": null` goes back to the organization's default; leaving the key out changes nothing.
        var changesBillingAddress = false

        enum CodingKeys: String, CodingKey { case renewalWarranty, mysqlPrefix, billingAddressID }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            renewalWarranty = try container.decodeIfPresent(Bool.self, forKey: .renewalWarranty)
            mysqlPrefix = try container.decodeIfPresent(Bool.self, forKey: .mysqlPrefix)
            billingAddressID = try container.decodeIfPresent(UUID.self, forKey: .billingAddressID)
            changesBillingAddress = container.contains(.billingAddressID)
        }
    }
    struct BillingAddress: Content {
        let id: UUID
        let name: String
        let street: String
        let buildingNumber: String
        let postcode: String
        let town: String
        /// ISO 3166-1 alpha-2.
        let country: String
        let invoiceEmail: String?
        /// Compact (`DE136695976`, `CHE116281710`); abroad it makes the invoices reverse charge.
        let vatNumber: String?
        let isDefault: Bool
    }
    struct BillingAddressRequest: Content {
        var name: String?
        var street: String?
        var buildingNumber: String?
        var postcode: String?
        var town: String?
        var country: String?
        var invoiceEmail: String?
        var vatNumber: String?
        var isDefault: Bool?
    }
    struct BillingAddressChange: Content {
        var isDefault: Bool?
    }
    struct SupportGrant: Content {
        struct GrantedBy: Content {
            let userID: UUID
            let name: String
        }
        struct StaffAction: Content {
            let createdAt: Date
            let staffName: String
            let action: String?
            let description: String
        }
        struct ProductRef: Content {
            let id: UUID
            let name: String
        }
        let id: UUID
        /// `live`, `expired` or `revoked`.
        let status: String
        let mayChange: Bool
        /// The one product the access covers; null for the whole organization.
        let product: ProductRef?
        let createdAt: Date
        let expiresAt: Date
        let revokedAt: Date?
        let grantedBy: GrantedBy?
        let actions: [StaffAction]
    }
    struct List<Item: Content>: Content {
        let items: [Item]
    }
    /// A page of a list, newest first (`CursorPage`): pass `nextBefore` as `before` for the next, older page; absent on
    /// the last.
    struct Page<Item: Content>: Content {
        let items: [Item]
        let nextBefore: UUID?
    }

    static func product(_ product: KontorApp.Product) -> Product {
        Product(id: product.id!, kind: product.kindRaw, name: product.name, renewsAt: product.renewsAt,
                renewalWarranty: product.offersRenewalWarranty ? product.renewalWarranty : nil,
                mysqlPrefix: product.hasMySQLPrefixOption ? product.serverPrefix.map { .init(namePrefix: $0.namePrefix) } : nil,
                billingAddressID: product.$billingAddress.id)
    }

    static func billingAddress(_ address: KontorApp.BillingAddress) -> BillingAddress {
        BillingAddress(id: address.id!, name: address.name, street: address.street, buildingNumber: address.buildingNumber, postcode: address.postcode,
                       town: address.town, country: address.country, invoiceEmail: address.invoiceEmail, vatNumber: address.vatNumber,
                       isDefault: address.isDefault)
    }

    static func me(_ user: User) -> Me {
        Me(id: user.id!, name: user.name, email: user.email, language: user.language, timeZone: user.timeZone,
           supportCode: user.supportCode, createdAt: user.createdAt)
    }
}
