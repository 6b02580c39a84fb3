import FluentKit

/// Every model lists its properties (`var properties: [any AnyProperty] { [$id, $name, …] }`) instead of taking
/// FluentKit's default, which finds them by reflection (`Mirror`) each time a row is read or written: FluentKit's own
/// documentation of `Fields.properties` calls that "the most severe performance bottleneck in FluentKit by a huge
/// margin", and a profile of the signed-in products page agreed (reflection and the runtime's type demangling behind
/// it were about a fifth of the page's CPU time; `docs/benchmarks.md`). A property missing from a list would silently
/// not be read or written, so `ListedPropertiesTests` checks each list against reflection, and checks that every
/// model in the sources is named here.
enum ListedProperties {
    static let models: [any Model.Type] = [
        APIToken.self, AuthSession.self, BackupCode.self, BankPayment.self, BankStatementImport.self, BankStatementUpload.self, BillingAddress.self,
        CatalogItem.self, CatalogItemPrice.self, EmailToken.self, HelpArticle.self, HelpArticleRevision.self,
        HelpFeedback.self, HelpSearchLogEntry.self, HelpSynonym.self, HostingMySQLName.self, HostingSite.self,
        IdentityDocument.self, IdentityRequest.self, Invitation.self, Invoice.self, InvoiceLine.self,
        InvoiceSettlement.self, InvoiceVAT.self, KnownDevice.self, Mailbox.self, Membership.self, NewsletterSend.self,
        NewsletterSubscription.self, NewsletterTopic.self, NewsletterTopicName.self, Organization.self, OutboxMessage.self,
        PaymentReminder.self, PrepaidEntry.self, Product.self, ProductMemberGrant.self, ProductOrder.self,
        ProductRenewal.self, RenewalNoticeRecord.self, SMSChallengeRecord.self, SecondFactor.self, SecurityEvent.self,
        SiteEnvironmentVariable.self, StaffAPIToken.self, StaffIdempotencyKey.self, FormSubmission.self, StaffMember.self, SuiteSeat.self,
        SuiteUpgrade.self, SupportGrant.self, User.self
    ]
}
