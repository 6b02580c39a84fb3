import Foundation
import Vapor

/// Every page and API path of Kontor. Routes are registered from these cases and every link, redirect and
/// e-mail URL is built from them, so a link can never point at a path that does not exist.
enum SiteRoute: Hashable, Sendable {
    // Public and accounts
    case home, health, metrics
    case signUp, signIn, signOut, verifyEmail(token: String), checkInbox
    case console, consolePage(String)
    case profile, profilePassword, profileSupportCode, profileEmail, confirmSignInEmail(token: String), sessions, endSession(UUID), endOtherSessions, apiTokens, revokeAPIToken(UUID)
    case closeAccount, accountClosed
    // Account security: second factor, backup codes, security log
    case signInSecondFactor, signInBackupCode, signInSMS, signInSMSSend, identityCheck
    case security, securityAuthenticator, securityBackupCodes, securityDisableTwoFactor, securityEvents
    case securityPhone, securityPhoneConfirm, securityPhoneRemove
    case securityRecoveryEmail, confirmRecoveryEmail(token: String), forgotPassword, resetPassword(token: String), signInUnlock(token: String)
    // Newsletters
    case newsletters, unsubscribe(token: String)
    // Organizations
    case organizations, switchOrganization(UUID), leaveOrganization(UUID)
    case organizationMembers(UUID), changeMemberRole(UUID, member: UUID), removeMember(UUID, member: UUID)
    case inviteMember(UUID), revokeInvitation(UUID, invitation: UUID), organizationSettings(UUID)
    case grantSupportAccess(UUID), revokeSupportAccess(UUID, grant: UUID)
    case invitation(token: String), acceptInvitation(token: String)
    // Products
    case organizationProducts(UUID), organizationProduct(UUID, product: UUID), organizationRenewalWarranty(UUID)
    case productRenewalWarranty(UUID, product: UUID), productBillingAddress(UUID, product: UUID)
    case renewals(UUID), renewalSettings(UUID)
    // A web hosting's sites (issue 13 §5) and the plain users given access to one product
    case site(UUID, site: UUID), siteSettings(UUID, site: UUID), siteVariables(UUID, site: UUID)
    case siteVariable(UUID, site: UUID, variable: UUID), siteVariableDelete(UUID, site: UUID, variable: UUID)
    case productAccess(UUID, product: UUID), productAccessRevoke(UUID, product: UUID, member: UUID)
    // A kSuite's seats and plan, a mail service's mailboxes, moving a product (issue 13 §3–4)
    case suiteSeats(UUID, product: UUID), suiteSeatRemove(UUID, product: UUID, seat: UUID), suiteUpgrade(UUID, product: UUID)
    case mailboxes(UUID, product: UUID), mailboxRemove(UUID, product: UUID, mailbox: UUID), productMove(UUID, product: UUID)
    case newOrder(UUID), orders(UUID), order(UUID, order: UUID), orderPayFromBalance(UUID, order: UUID), orderCancel(UUID, order: UUID)
    // Billing
    case billingAddresses(UUID), billingAddressDefault(UUID, address: UUID), billingAddressRemove(UUID, address: UUID)
    case invoices(UUID), invoice(UUID, invoice: UUID), invoicePDF(UUID, invoice: UUID), invoicePayFromBalance(UUID, invoice: UUID)
    case prepaidAccount(UUID), prepaidAccountSettings(UUID), prepaidTopUpSlip(UUID, currency: String)
    // Help center (public)
    case helpHome, helpLanguageHome(language: String), helpSearch(language: String)
    case helpCategory(language: String, category: String), helpArticle(language: String, slug: String)
    case helpFeedback(language: String, slug: String), helpFeed(language: String), helpSitemap
    // Staff console
    case staffSignIn, staffSignInSecondFactor, staffTwoFactorSetup, staffSignOut, staffHome, staffMembers, staffMemberRole(UUID), staffMemberDeactivate(UUID), staffMemberResetTwoFactor(UUID)
    case staffMemberReactivate(UUID), staffPassword
    case staffLookup, staffPremiumSupport(UUID)
    case staffGrants, staffGrant(UUID), staffGrantSettings(UUID), staffGrantProduct(UUID, product: UUID), staffGrantProductSettings(UUID, product: UUID)
    case staffGrantSite(UUID, site: UUID), staffGrantSiteSettings(UUID, site: UUID), staffGrantSiteVariables(UUID, site: UUID)
    case staffGrantSiteVariable(UUID, site: UUID, variable: UUID), staffGrantSiteVariableDelete(UUID, site: UUID, variable: UUID)
    case staffIdentityChecks, staffIdentityCheck(UUID), staffIdentityDocument(UUID, side: String)
    case staffIdentityApprove(UUID), staffIdentityReject(UUID)
    case staffNewsletters, staffNewsletterSubscribers(UUID), staffNewsletterSend(UUID)
    case staffHelp, staffHelpNewArticle, staffHelpArticle(UUID), staffHelpPublish(UUID), staffHelpUnpublish(UUID), staffHelpDiscard(UUID)
    case staffHelpRevisions(UUID), staffHelpRevision(UUID, number: Int), staffHelpRestore(UUID, number: Int)
    case staffHelpPreview, staffHelpAnalytics, staffHelpSynonyms, staffHelpDeleteSynonym(UUID)
    case staffFailedMail, staffFailedMailSendAgain(UUID)
    case staffBilling, staffBillingImport, staffBillingAssign(UUID), staffBillingRefund(UUID), staffBillingReturnHandled(UUID), staffBillingPrepaid, staffBillingInvoice
    case staffBillingRefundDone(UUID), staffBillingRefundUndo(UUID), staffBillingImportStatus(UUID), staffBillingClose(UUID)
    case staffBillingStatementsNeverIssued
    case staffAPITokens, staffRevokeAPIToken(UUID)
    case staffCatalog, staffCatalogItem(UUID), staffCatalogPrices(UUID)
    case staffCustomers, staffCustomer(UUID), staffCustomerProducts(UUID), staffCustomerPayLater(UUID)
    // JSON API
    case api(APIRoute)

    /// One piece of a path: fixed text, or a named parameter with its value.
    enum Segment: Hashable {
        case literal(String)
        case parameter(String, String)
    }

    var segments: [Segment] {
        switch self {
        case .home: []
        case .health: [.literal("health")]
        case .metrics: [.literal("metrics")]
        case .signUp: [.literal("sign-up")]
        case .signIn: [.literal("sign-in")]
        case .signOut: [.literal("sign-out")]
        case .verifyEmail(let token): [.literal("verify-email"), .parameter("token", token)]
        case .checkInbox: [.literal("check-inbox")]
        case .console: [.literal("console")]
        case .consolePage(let page): [.literal("console"), .literal("go"), .parameter("page", page)]
        case .profile: [.literal("profile")]
        case .profilePassword: [.literal("profile"), .literal("password")]
        case .profileSupportCode: [.literal("profile"), .literal("support-code")]
        case .profileEmail: [.literal("profile"), .literal("email")]
        case .closeAccount: [.literal("profile"), .literal("close")]
        case .accountClosed: [.literal("account-closed")]
        case .confirmSignInEmail(let token): [.literal("sign-in-email"), .parameter("token", token)]
        case .sessions: [.literal("profile"), .literal("sessions")]
        case .endSession(let id): [.literal("profile"), .literal("sessions"), .id("sessionID", id), .literal("end")]
        case .endOtherSessions: [.literal("profile"), .literal("sessions"), .literal("end-others")]
        case .apiTokens: [.literal("profile"), .literal("api-tokens")]
        case .revokeAPIToken(let id): [.literal("profile"), .literal("api-tokens"), .id("tokenID", id), .literal("revoke")]
        case .signInSecondFactor: [.literal("sign-in"), .literal("two-factor")]
        case .signInBackupCode: [.literal("sign-in"), .literal("backup-code")]
        case .signInSMS: [.literal("sign-in"), .literal("sms")]
        case .signInSMSSend: [.literal("sign-in"), .literal("sms"), .literal("send")]
        case .identityCheck: [.literal("sign-in"), .literal("identity-check")]
        case .securityPhone: [.literal("profile"), .literal("security"), .literal("phone")]
        case .securityPhoneConfirm: [.literal("profile"), .literal("security"), .literal("phone"), .literal("confirm")]
        case .securityPhoneRemove: [.literal("profile"), .literal("security"), .literal("phone"), .literal("remove")]
        case .security: [.literal("profile"), .literal("security")]
        case .securityAuthenticator: [.literal("profile"), .literal("security"), .literal("authenticator")]
        case .securityBackupCodes: [.literal("profile"), .literal("security"), .literal("backup-codes")]
        case .securityDisableTwoFactor: [.literal("profile"), .literal("security"), .literal("disable")]
        case .securityEvents: [.literal("profile"), .literal("security"), .literal("events")]
        case .securityRecoveryEmail: [.literal("profile"), .literal("security"), .literal("recovery-email")]
        case .confirmRecoveryEmail(let token): [.literal("recovery-email"), .parameter("token", token)]
        case .forgotPassword: [.literal("forgot-password")]
        case .newsletters: [.literal("profile"), .literal("newsletters")]
        case .unsubscribe(let token): [.literal("newsletters"), .literal("unsubscribe"), .parameter("token", token)]
        case .resetPassword(let token): [.literal("reset-password"), .parameter("token", token)]
        case .signInUnlock(let token): [.literal("sign-in"), .literal("unlock"), .parameter("token", token)]
        case .organizations: [.literal("organizations")]
        case .switchOrganization(let org): [.literal("organizations"), .id("orgID", org), .literal("switch")]
        case .leaveOrganization(let org): [.literal("organizations"), .id("orgID", org), .literal("leave")]
        case .organizationMembers(let org): Self.org(org) + [.literal("members")]
        case .changeMemberRole(let org, let member): Self.org(org) + [.literal("members"), .id("memberID", member), .literal("role")]
        case .removeMember(let org, let member): Self.org(org) + [.literal("members"), .id("memberID", member), .literal("remove")]
        case .inviteMember(let org): Self.org(org) + [.literal("invitations")]
        case .revokeInvitation(let org, let invitation):
            Self.org(org) + [.literal("invitations"), .id("invitationID", invitation), .literal("revoke")]
        case .organizationSettings(let org): Self.org(org) + [.literal("settings")]
        case .grantSupportAccess(let org): Self.org(org) + [.literal("support-access")]
        case .revokeSupportAccess(let org, let grant): Self.org(org) + [.literal("support-access"), .id("grantID", grant), .literal("revoke")]
        case .organizationProducts(let org): Self.org(org) + [.literal("products")]
        case .organizationProduct(let org, let product): Self.org(org) + [.literal("products"), .id("productID", product)]
        case .organizationRenewalWarranty(let org): Self.org(org) + [.literal("renewal-warranty")]
        case .renewals(let org): Self.org(org) + [.literal("renewals")]
        case .renewalSettings(let org): Self.org(org) + [.literal("renewals"), .literal("settings")]
        case .productRenewalWarranty(let org, let product): Self.org(org) + [.literal("products"), .id("productID", product), .literal("renewal-warranty")]
        case .productBillingAddress(let org, let product): Self.org(org) + [.literal("products"), .id("productID", product), .literal("billing-address")]
        case .site(let org, let site): Self.sitePath(org, site)
        case .siteSettings(let org, let site): Self.sitePath(org, site) + [.literal("php-apache")]
        case .siteVariables(let org, let site): Self.sitePath(org, site) + [.literal("variables")]
        case .siteVariable(let org, let site, let variable): Self.sitePath(org, site) + [.literal("variables"), .id("variableID", variable)]
        case .siteVariableDelete(let org, let site, let variable): Self.sitePath(org, site) + [.literal("variables"), .id("variableID", variable), .literal("delete")]
        case .productAccess(let org, let product): Self.org(org) + [.literal("products"), .id("productID", product), .literal("access")]
        case .suiteSeats(let org, let product): Self.product(org, product) + [.literal("seats")]
        case .suiteSeatRemove(let org, let product, let seat): Self.product(org, product) + [.literal("seats"), .id("seatID", seat), .literal("remove")]
        case .suiteUpgrade(let org, let product): Self.product(org, product) + [.literal("upgrade")]
        case .mailboxes(let org, let product): Self.product(org, product) + [.literal("mailboxes")]
        case .mailboxRemove(let org, let product, let mailbox): Self.product(org, product) + [.literal("mailboxes"), .id("mailboxID", mailbox), .literal("remove")]
        case .productMove(let org, let product): Self.product(org, product) + [.literal("move")]
        case .productAccessRevoke(let org, let product, let member):
            Self.org(org) + [.literal("products"), .id("productID", product), .literal("access"), .id("memberID", member), .literal("revoke")]
        case .newOrder(let org): Self.org(org) + [.literal("orders"), .literal("new")]
        case .orders(let org): Self.org(org) + [.literal("orders")]
        case .order(let org, let order): Self.org(org) + [.literal("orders"), .id("orderID", order)]
        case .orderPayFromBalance(let org, let order): Self.org(org) + [.literal("orders"), .id("orderID", order), .literal("pay-from-balance")]
        case .orderCancel(let org, let order): Self.org(org) + [.literal("orders"), .id("orderID", order), .literal("cancel")]
        case .billingAddresses(let org): Self.org(org) + [.literal("billing-addresses")]
        case .billingAddressDefault(let org, let address): Self.org(org) + [.literal("billing-addresses"), .id("addressID", address), .literal("default")]
        case .billingAddressRemove(let org, let address): Self.org(org) + [.literal("billing-addresses"), .id("addressID", address), .literal("remove")]
        case .invoices(let org): Self.org(org) + [.literal("invoices")]
        case .invoice(let org, let invoice): Self.org(org) + [.literal("invoices"), .id("invoiceID", invoice)]
        case .invoicePDF(let org, let invoice): Self.org(org) + [.literal("invoices"), .id("invoiceID", invoice), .literal("pdf")]
        case .invoicePayFromBalance(let org, let invoice): Self.org(org) + [.literal("invoices"), .id("invoiceID", invoice), .literal("pay-from-balance")]
        case .prepaidAccount(let org): Self.org(org) + [.literal("prepaid-account")]
        case .prepaidAccountSettings(let org): Self.org(org) + [.literal("prepaid-account"), .literal("settings")]
        case .prepaidTopUpSlip(let org, let currency): Self.org(org) + [.literal("prepaid-account"), .literal("slips"), .parameter("currency", currency)]
        case .invitation(let token): [.literal("invitations"), .parameter("token", token)]
        case .acceptInvitation(let token): [.literal("invitations"), .parameter("token", token), .literal("accept")]
        case .helpHome: [.literal("help")]
        case .helpLanguageHome(let language): [.literal("help"), .parameter("language", language)]
        case .helpSearch(let language): [.literal("help"), .parameter("language", language), .literal("search")]
        case .helpCategory(let language, let category):
            [.literal("help"), .parameter("language", language), .literal("categories"), .parameter("category", category)]
        case .helpArticle(let language, let slug): [.literal("help"), .parameter("language", language), .literal("articles"), .parameter("slug", slug)]
        case .helpFeedback(let language, let slug):
            [.literal("help"), .parameter("language", language), .literal("articles"), .parameter("slug", slug), .literal("feedback")]
        case .helpFeed(let language): [.literal("help"), .parameter("language", language), .literal("feed.atom")]
        case .helpSitemap: [.literal("help"), .literal("sitemap.xml")]
        case .staffSignIn: [.literal("staff"), .literal("sign-in")]
        case .staffSignOut: [.literal("staff"), .literal("sign-out")]
        case .staffSignInSecondFactor: [.literal("staff"), .literal("sign-in"), .literal("two-factor")]
        case .staffTwoFactorSetup: [.literal("staff"), .literal("sign-in"), .literal("two-factor-setup")]
        case .staffIdentityChecks: [.literal("staff"), .literal("identity-checks")]
        case .staffIdentityCheck(let id): [.literal("staff"), .literal("identity-checks"), .id("requestID", id)]
        case .staffIdentityDocument(let id, let side):
            [.literal("staff"), .literal("identity-checks"), .id("requestID", id), .literal("documents"), .parameter("side", side)]
        case .staffIdentityApprove(let id): [.literal("staff"), .literal("identity-checks"), .id("requestID", id), .literal("approve")]
        case .staffIdentityReject(let id): [.literal("staff"), .literal("identity-checks"), .id("requestID", id), .literal("reject")]
        case .staffHome: [.literal("staff")]
        case .staffMembers: [.literal("staff"), .literal("members")]
        case .staffMemberRole(let id): [.literal("staff"), .literal("members"), .id("staffID", id), .literal("role")]
        case .staffMemberDeactivate(let id): [.literal("staff"), .literal("members"), .id("staffID", id), .literal("deactivate")]
        case .staffMemberReactivate(let id): [.literal("staff"), .literal("members"), .id("staffID", id), .literal("reactivate")]
        case .staffPassword: [.literal("staff"), .literal("password")]
        case .staffMemberResetTwoFactor(let id): [.literal("staff"), .literal("members"), .id("staffID", id), .literal("reset-two-factor")]
        case .staffLookup: [.literal("staff"), .literal("lookup")]
        case .staffGrants: [.literal("staff"), .literal("access")]
        case .staffGrant(let id): [.literal("staff"), .literal("access"), .id("grantID", id)]
        case .staffGrantSettings(let id): [.literal("staff"), .literal("access"), .id("grantID", id), .literal("settings")]
        case .staffGrantProduct(let id, let product): [.literal("staff"), .literal("access"), .id("grantID", id), .literal("products"), .id("productID", product)]
        case .staffGrantProductSettings(let id, let product):
            [.literal("staff"), .literal("access"), .id("grantID", id), .literal("products"), .id("productID", product), .literal("settings")]
        case .staffGrantSite(let id, let site): Self.staffSite(id, site)
        case .staffGrantSiteSettings(let id, let site): Self.staffSite(id, site) + [.literal("php-apache")]
        case .staffGrantSiteVariables(let id, let site): Self.staffSite(id, site) + [.literal("variables")]
        case .staffGrantSiteVariable(let id, let site, let variable): Self.staffSite(id, site) + [.literal("variables"), .id("variableID", variable)]
        case .staffGrantSiteVariableDelete(let id, let site, let variable):
            Self.staffSite(id, site) + [.literal("variables"), .id("variableID", variable), .literal("delete")]
        // `organizationID`, not `orgID`: staff reach any organization, customer scoping does not apply here.
        case .staffPremiumSupport(let id): [.literal("staff"), .literal("organizations"), .id("organizationID", id), .literal("premium-support")]
        case .staffNewsletters: [.literal("staff"), .literal("newsletters")]
        case .staffNewsletterSubscribers(let id): [.literal("staff"), .literal("newsletters"), .id("topicID", id), .literal("subscribers.csv")]
        case .staffNewsletterSend(let id): [.literal("staff"), .literal("newsletters"), .id("topicID", id), .literal("send")]
        case .staffHelp: [.literal("staff"), .literal("help")]
        case .staffHelpNewArticle: [.literal("staff"), .literal("help"), .literal("articles"), .literal("new")]
        case .staffHelpArticle(let id): Self.staffArticle(id)
        case .staffHelpPublish(let id): Self.staffArticle(id) + [.literal("publish")]
        case .staffHelpUnpublish(let id): Self.staffArticle(id) + [.literal("unpublish")]
        case .staffHelpDiscard(let id): Self.staffArticle(id) + [.literal("discard")]
        case .staffHelpRevisions(let id): Self.staffArticle(id) + [.literal("revisions")]
        case .staffHelpRevision(let id, let number): Self.staffArticle(id) + [.literal("revisions"), .parameter("number", String(number))]
        case .staffHelpRestore(let id, let number):
            Self.staffArticle(id) + [.literal("revisions"), .parameter("number", String(number)), .literal("restore")]
        case .staffHelpPreview: [.literal("staff"), .literal("help"), .literal("preview")]
        case .staffHelpAnalytics: [.literal("staff"), .literal("help"), .literal("analytics")]
        case .staffHelpSynonyms: [.literal("staff"), .literal("help"), .literal("synonyms")]
        case .staffHelpDeleteSynonym(let id): [.literal("staff"), .literal("help"), .literal("synonyms"), .id("synonymID", id), .literal("delete")]
        case .staffFailedMail: [.literal("staff"), .literal("mail")]
        case .staffFailedMailSendAgain(let id): [.literal("staff"), .literal("mail"), .id("messageID", id), .literal("send-again")]
        case .staffBilling: [.literal("staff"), .literal("billing")]
        case .staffBillingImport: [.literal("staff"), .literal("billing"), .literal("imports")]
        case .staffBillingImportStatus(let id): [.literal("staff"), .literal("billing"), .literal("imports"), .id("uploadID", id)]
        case .staffBillingAssign(let id): [.literal("staff"), .literal("billing"), .literal("payments"), .id("paymentID", id), .literal("assign")]
        case .staffBillingRefund(let id): [.literal("staff"), .literal("billing"), .literal("payments"), .id("paymentID", id), .literal("refund")]
        case .staffBillingClose(let id): [.literal("staff"), .literal("billing"), .literal("payments"), .id("paymentID", id), .literal("close")]
        case .staffBillingReturnHandled(let id): [.literal("staff"), .literal("billing"), .literal("returns"), .id("paymentID", id), .literal("handled")]
        case .staffBillingRefundDone(let id): [.literal("staff"), .literal("billing"), .literal("refunds"), .id("paymentID", id), .literal("refunded")]
        case .staffBillingRefundUndo(let id): [.literal("staff"), .literal("billing"), .literal("refunds"), .id("paymentID", id), .literal("undo")]
        case .staffBillingPrepaid: [.literal("staff"), .literal("billing"), .literal("prepaid")]
        case .staffBillingStatementsNeverIssued: [.literal("staff"), .literal("billing"), .literal("missing-statements"), .literal("never-issued")]
        case .staffBillingInvoice: [.literal("staff"), .literal("billing"), .literal("invoices")]
        case .staffAPITokens: [.literal("staff"), .literal("api-tokens")]
        case .staffRevokeAPIToken(let id): [.literal("staff"), .literal("api-tokens"), .id("tokenID", id), .literal("revoke")]
        case .staffCatalog: [.literal("staff"), .literal("catalog")]
        case .staffCatalogItem(let id): [.literal("staff"), .literal("catalog"), .id("itemID", id)]
        case .staffCatalogPrices(let id): [.literal("staff"), .literal("catalog"), .id("itemID", id), .literal("prices")]
        case .staffCustomers: [.literal("staff"), .literal("customers")]
        case .staffCustomer(let id): [.literal("staff"), .literal("customers"), .id("organizationID", id)]
        case .staffCustomerProducts(let id): [.literal("staff"), .literal("customers"), .id("organizationID", id), .literal("products")]
        case .staffCustomerPayLater(let id): [.literal("staff"), .literal("customers"), .id("organizationID", id), .literal("pay-later")]
        case .api(let route): [.literal("api"), .literal("v1")] + route.segments
        }
    }

    private static func org(_ id: UUID) -> [Segment] { [.literal("orgs"), .id("orgID", id)] }
    private static func sitePath(_ org: UUID, _ site: UUID) -> [Segment] { Self.org(org) + [.literal("sites"), .id("siteID", site)] }
    private static func staffSite(_ grant: UUID, _ site: UUID) -> [Segment] { [.literal("staff"), .literal("access"), .id("grantID", grant), .literal("sites"), .id("siteID", site)] }
    private static func product(_ organization: UUID, _ product: UUID) -> [Segment] { org(organization) + [.literal("products"), .id("productID", product)] }
    private static func staffArticle(_ id: UUID) -> [Segment] { [.literal("staff"), .literal("help"), .literal("articles"), .id("articleID", id)] }

    /// The path for links: `/orgs/6F…/members`.
    var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(_, let value): Self.encoded(value)
            }
        }.joined(separator: "/")
    }

    /// What a path segment may hold unencoded: built once, not for each of the thirty paths a page's frame links to.
    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(["/"])

    /// A parameter as a path segment. Ids and slugs (letters, digits, `-`, `_`, `.`) need no encoding.
    private static func encoded(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        return plain ? value : value.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? value
    }

    /// The absolute URL for e-mails.
    func url(base: URL) -> String {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text + path
    }

    /// The pattern the router registers: `orgs/:orgID/members`.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .literal(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }

    /// Whether the route belongs to one organization (and so must answer 404 to everyone else).
    var isOrganizationScoped: Bool {
        segments.contains { if case .parameter("orgID", _) = $0 { true } else { false } }
    }

    /// A placeholder for registering parameterised routes.
    static let anyID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

extension SiteRoute.Segment {
    static func id(_ name: String, _ id: UUID) -> Self { .parameter(name, id.uuidString) }
}
