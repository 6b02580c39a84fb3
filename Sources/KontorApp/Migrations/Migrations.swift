import Fluent

/// Every migration, in order. Add new ones at the end; never edit one that has shipped.
enum Migrations {
    static let all: [any Migration] = [
        M001CreateUsers(), M002CreateOrganizations(), M003CreateMemberships(), M004CreateStaffMembers(),
        M005CreateSessions(), M006CreateAPITokens(), M007CreateInvitations(), M008CreateEmailTokens(),
        M009CreateRateLimitCounters(), M010CreateKnownDevices(), M011CreateOutboxMessages(),
        M012CreateSecurityEvents(), M013CreateJobLeases(),
        M014CreateHelpArticles(), M015CreateHelpFeedbackAndSearchLog(), M016CreateSecondFactors(), M017AddRecoveryEmail(), M018AddVIPCodes(), M019CreateNewsletters(), M020CreateSupportGrants(),
        M021CreateSMSChallenges(), M022CreateIdentityRequests(), M023AddStaffSecondFactor(),
        M024CreateProducts(), M025AddProductToSupportGrants(), M026PremiumSupportProducts(),
        M027OnePendingIdentityRequest(), M028CreateBillingAddresses(), M029AddOutboxClaims(), M030AddRateLimitLastAttempt(),
        M031CreateInvoicing(), M032CreateBankPayments(), M033AddOutboxAttachment(), M034CreatePaymentReminders(),
        M035CreateStaffTokens(), M036AddBillingAddressVATNumber(), M038AddUserLastOrganization(),
        M037BillingAtScale(),
        M039CreateCatalog(), M040CreateProductOrders(), M041AddOrganizationPayLater(),
        M045CreateHostingSites(), M046CreateSiteEnvironmentVariables(), M047MoveMySQLPrefixToSites(), M048CreateProductMemberGrants(),
        M049AddProductRenewals(),
        M053AddSuitePlanToProducts(), M054CreateSuiteSeats(), M055CreateMailboxes(), M056CreateSuiteUpgrades(),
        M057AddStatementCoverage(), M058PruneOutbox(), M059PremiumSupportAfterDeletion(), M060AddTimeZoneToUsers(), M061AddPendingDraftToHelpArticles(),
        M062CreateNewsletterSends(), M063AddCatalogItemVersion(), M064DropRedundantIndexes(), M065AddKeywordsToHelpArticles(),
        M066IndexBankPaymentsByBookingDay(), M067ProductExpiriesAreDays(), M068AddExpirySuspendedOn(),
        M069AddRequestHashToProductOrders(), M070MarkReminderFeeInvoices(),
        M071GiveStaffTokensAnExpiry(), M072AddBookingFactsToBankPayments(), M073GiveStaffTokensAScope(), M074RequireOwnStaffPassword(),
        M075CreateBankStatementUploads(), M076AddRenewalAnchorDayToProducts(), M077CreateFormSubmissions(), M078IndexBankPaymentsByEntryWithoutReference(), M079IndexBankPaymentsOfCollectiveBookings(),
        M080AddUsedAtToSMSChallenges(),
        M081AddCreditedMinorToInvoices(), M082IndexWaitingReturns(), M083IndexHelpSearchLogByTime(), M084IndexBankPaymentsByEntry(),
        M085AddEnrolmentSessionToSecondFactors(), M086AddCurrencyToStatementImports(), M087AddPaidOnBehalfToBankPayments(),
        M088CreatePendingBankPayments(), M089CanonicalEmailDomains(), M090CreateBankStatementNumbers(), M091CreateRenewedSessionTokens(), M092CanonicalMailboxDomains(), M093RecordWhoSetInvoiceEmail(), M094CreateBankStatementPages(),
    ]
}
