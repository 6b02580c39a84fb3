import Foundation

/// The JSON API's paths under `/api/v1`, described in `openapi.yaml`.
enum APIRoute: Hashable, Sendable {
    case openAPI
    case accounts, sessions, currentSession, sessionSMSCode, sessionSMS, identityChecks
    case me, meSupportCode, mePassword, meSessions, meSession(UUID), meTokens, meToken(UUID)
    case mePhone, mePhoneConfirmation, mePhoneRemoval
    case meTwoFactor, meBackupCodes, meTwoFactorDisable, meRecoveryEmail, meEmail, passwordResets, meSecurityEvents, meNewsletters
    case meClosure
    case organizations, organization(UUID), organizationMembership(UUID)
    case organizationMembers(UUID), organizationMember(UUID, member: UUID)
    case organizationInvitations(UUID), organizationInvitation(UUID, invitation: UUID)
    case organizationSupportGrants(UUID), organizationSupportGrant(UUID, grant: UUID)
    case organizationProducts(UUID), organizationProduct(UUID, product: UUID)
    case organizationProductSeats(UUID, product: UUID), organizationProductSeat(UUID, product: UUID, seat: UUID)
    case organizationProductUpgrades(UUID, product: UUID), organizationProductMove(UUID, product: UUID)
    case organizationProductMailboxes(UUID, product: UUID), organizationProductMailbox(UUID, product: UUID, mailbox: UUID)
    case organizationRenewals(UUID), organizationRenewalSettings(UUID)
    case organizationSites(UUID), organizationSite(UUID, site: UUID)
    case organizationSiteVariables(UUID, site: UUID), organizationSiteVariable(UUID, site: UUID, variable: UUID)
    case organizationBillingAddresses(UUID), organizationBillingAddress(UUID, address: UUID)
    case organizationInvoices(UUID), organizationInvoice(UUID, invoice: UUID), organizationInvoicePDF(UUID, invoice: UUID)
    case organizationInvoicePayment(UUID, invoice: UUID)
    case organizationPrepaidAccount(UUID), organizationBilling(UUID), organizationReminders(UUID)
    case organizationCatalog(UUID), organizationOrders(UUID), organizationOrder(UUID, order: UUID), organizationOrderCancel(UUID, order: UUID)
    case invitationAcceptance(token: String)
    case helpSearch, helpArticle(language: String, slug: String)
    // The staff API (staff tokens, not customer tokens): `/api/v1/staff/…`
    case staffInvoices, staffInvoiceCreditNotes(UUID), staffBankStatements, staffBankStatementImport(UUID), staffUnidentifiedPayments
    case staffUnidentifiedPaymentAssignment(UUID), staffUnidentifiedPaymentRefund(UUID), staffUnidentifiedPaymentClose(UUID), staffReminderRuns
    case staffReturnsToCheck, staffReturnHandled(UUID), staffRefundsToExecute, staffRefundExecuted(UUID)
    case staffMissingStatements, staffMissingStatementsNeverIssued
    case staffCatalog, staffCatalogItem(UUID), staffCatalogItemPrices(UUID)

    var segments: [SiteRoute.Segment] {
        switch self {
        case .openAPI: [.literal("openapi.yaml")]
        case .accounts: [.literal("accounts")]
        case .sessions: [.literal("sessions")]
        case .currentSession: [.literal("sessions"), .literal("current")]
        case .sessionSMSCode: [.literal("sessions"), .literal("sms-code")]
        case .sessionSMS: [.literal("sessions"), .literal("sms")]
        case .identityChecks: [.literal("identity-checks")]
        case .me: [.literal("me")]
        case .meSupportCode: [.literal("me"), .literal("support-code")]
        case .mePassword: [.literal("me"), .literal("password")]
        case .meSessions: [.literal("me"), .literal("sessions")]
        case .meSession(let id): [.literal("me"), .literal("sessions"), .id("sessionID", id)]
        case .meTokens: [.literal("me"), .literal("tokens")]
        case .meToken(let id): [.literal("me"), .literal("tokens"), .id("tokenID", id)]
        case .mePhone: [.literal("me"), .literal("two-factor"), .literal("phone")]
        case .mePhoneConfirmation: [.literal("me"), .literal("two-factor"), .literal("phone"), .literal("confirmation")]
        case .mePhoneRemoval: [.literal("me"), .literal("two-factor"), .literal("phone"), .literal("removal")]
        case .meTwoFactor: [.literal("me"), .literal("two-factor")]
        case .meBackupCodes: [.literal("me"), .literal("two-factor"), .literal("backup-codes")]
        case .meTwoFactorDisable: [.literal("me"), .literal("two-factor"), .literal("disable")]
        case .meRecoveryEmail: [.literal("me"), .literal("recovery-email")]
        case .meEmail: [.literal("me"), .literal("email")]
        case .meClosure: [.literal("me"), .literal("closure")]
        case .passwordResets: [.literal("password-resets")]
        case .meSecurityEvents: [.literal("me"), .literal("security-events")]
        case .meNewsletters: [.literal("me"), .literal("newsletters")]
        case .organizations: [.literal("organizations")]
        case .organization(let org): [.literal("organizations"), .id("orgID", org)]
        case .organizationMembership(let org): [.literal("organizations"), .id("orgID", org), .literal("membership")]
        case .organizationMembers(let org): [.literal("organizations"), .id("orgID", org), .literal("members")]
        case .organizationMember(let org, let member):
            [.literal("organizations"), .id("orgID", org), .literal("members"), .id("memberID", member)]
        case .organizationInvitations(let org): [.literal("organizations"), .id("orgID", org), .literal("invitations")]
        case .organizationInvitation(let org, let invitation):
            [.literal("organizations"), .id("orgID", org), .literal("invitations"), .id("invitationID", invitation)]
        case .organizationSupportGrants(let org): [.literal("organizations"), .id("orgID", org), .literal("support-grants")]
        case .organizationSupportGrant(let org, let grant):
            [.literal("organizations"), .id("orgID", org), .literal("support-grants"), .id("grantID", grant)]
        case .organizationProducts(let org): [.literal("organizations"), .id("orgID", org), .literal("products")]
        case .organizationRenewals(let org): [.literal("organizations"), .id("orgID", org), .literal("renewals")]
        case .organizationRenewalSettings(let org): [.literal("organizations"), .id("orgID", org), .literal("renewals"), .literal("settings")]
        case .organizationProduct(let org, let product): [.literal("organizations"), .id("orgID", org), .literal("products"), .id("productID", product)]
        case .organizationProductSeats(let org, let product): Self.product(org, product) + [.literal("seats")]
        case .organizationProductSeat(let org, let product, let seat): Self.product(org, product) + [.literal("seats"), .id("seatID", seat)]
        case .organizationProductUpgrades(let org, let product): Self.product(org, product) + [.literal("upgrades")]
        case .organizationProductMove(let org, let product): Self.product(org, product) + [.literal("move")]
        case .organizationProductMailboxes(let org, let product): Self.product(org, product) + [.literal("mailboxes")]
        case .organizationProductMailbox(let org, let product, let mailbox): Self.product(org, product) + [.literal("mailboxes"), .id("mailboxID", mailbox)]
        case .organizationSites(let org): [.literal("organizations"), .id("orgID", org), .literal("sites")]
        case .organizationSite(let org, let site): [.literal("organizations"), .id("orgID", org), .literal("sites"), .id("siteID", site)]
        case .organizationSiteVariables(let org, let site):
            [.literal("organizations"), .id("orgID", org), .literal("sites"), .id("siteID", site), .literal("environment-variables")]
        case .organizationSiteVariable(let org, let site, let variable):
            [.literal("organizations"), .id("orgID", org), .literal("sites"), .id("siteID", site), .literal("environment-variables"), .id("variableID", variable)]
        case .organizationBillingAddresses(let org): [.literal("organizations"), .id("orgID", org), .literal("billing-addresses")]
        case .organizationBillingAddress(let org, let address):
            [.literal("organizations"), .id("orgID", org), .literal("billing-addresses"), .id("addressID", address)]
        case .organizationInvoices(let org): [.literal("organizations"), .id("orgID", org), .literal("invoices")]
        case .organizationInvoice(let org, let invoice): [.literal("organizations"), .id("orgID", org), .literal("invoices"), .id("invoiceID", invoice)]
        case .organizationInvoicePDF(let org, let invoice):
            [.literal("organizations"), .id("orgID", org), .literal("invoices"), .id("invoiceID", invoice), .literal("pdf")]
        case .organizationInvoicePayment(let org, let invoice):
            [.literal("organizations"), .id("orgID", org), .literal("invoices"), .id("invoiceID", invoice), .literal("payment-from-balance")]
        case .organizationPrepaidAccount(let org): [.literal("organizations"), .id("orgID", org), .literal("prepaid-account")]
        case .organizationBilling(let org): [.literal("organizations"), .id("orgID", org), .literal("billing")]
        case .organizationReminders(let org): [.literal("organizations"), .id("orgID", org), .literal("reminders")]
        case .organizationCatalog(let org): [.literal("organizations"), .id("orgID", org), .literal("catalog")]
        case .organizationOrders(let org): [.literal("organizations"), .id("orgID", org), .literal("orders")]
        case .organizationOrder(let org, let order): [.literal("organizations"), .id("orgID", org), .literal("orders"), .id("orderID", order)]
        case .organizationOrderCancel(let org, let order): [.literal("organizations"), .id("orgID", org), .literal("orders"), .id("orderID", order), .literal("cancel")]
        case .invitationAcceptance(let token): [.literal("invitations"), .parameter("token", token), .literal("accept")]
        case .helpSearch: [.literal("help"), .literal("search")]
        case .helpArticle(let language, let slug): [.literal("help"), .literal("articles"), .parameter("language", language), .parameter("slug", slug)]
        case .staffInvoices: [.literal("staff"), .literal("invoices")]
        case .staffInvoiceCreditNotes(let id): [.literal("staff"), .literal("invoices"), .id("invoiceID", id), .literal("credit-notes")]
        case .staffBankStatements: [.literal("staff"), .literal("bank-statements")]
        case .staffBankStatementImport(let id): [.literal("staff"), .literal("bank-statements"), .literal("imports"), .id("uploadID", id)]
        case .staffUnidentifiedPayments: [.literal("staff"), .literal("unidentified-payments")]
        case .staffUnidentifiedPaymentAssignment(let id): [.literal("staff"), .literal("unidentified-payments"), .id("paymentID", id), .literal("assignment")]
        case .staffUnidentifiedPaymentRefund(let id): [.literal("staff"), .literal("unidentified-payments"), .id("paymentID", id), .literal("refund")]
        case .staffUnidentifiedPaymentClose(let id): [.literal("staff"), .literal("unidentified-payments"), .id("paymentID", id), .literal("close")]
        case .staffReturnsToCheck: [.literal("staff"), .literal("returns-to-check")]
        case .staffMissingStatements: [.literal("staff"), .literal("missing-statements")]
        case .staffMissingStatementsNeverIssued: [.literal("staff"), .literal("missing-statements"), .literal("never-issued")]
        case .staffReturnHandled(let id): [.literal("staff"), .literal("returns-to-check"), .id("paymentID", id), .literal("handled")]
        case .staffRefundsToExecute: [.literal("staff"), .literal("refunds-to-execute")]
        case .staffRefundExecuted(let id): [.literal("staff"), .literal("refunds-to-execute"), .id("paymentID", id), .literal("refunded")]
        case .staffReminderRuns: [.literal("staff"), .literal("reminder-runs")]
        case .staffCatalog: [.literal("staff"), .literal("catalog")]
        case .staffCatalogItem(let id): [.literal("staff"), .literal("catalog"), .id("itemID", id)]
        case .staffCatalogItemPrices(let id): [.literal("staff"), .literal("catalog"), .id("itemID", id), .literal("prices")]
        }
    }

    private static func product(_ org: UUID, _ product: UUID) -> [SiteRoute.Segment] {
        [.literal("organizations"), .id("orgID", org), .literal("products"), .id("productID", product)]
    }
}
