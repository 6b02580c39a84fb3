import Vapor

/// Registers every route, grouped by who may call it.
func routes(_ app: Application) throws {
    let everyone = app.routes
    let customers = everyone.grouped(RequireCustomer())
    let organization = customers.grouped(OrganizationScope())
    let staff = everyone.grouped(RequireStaff())
    let staffAdministrators = everyone.grouped(RequireStaff(roles: [.administrator]))
    let staffEditors = everyone.grouped(RequireStaff(roles: [.administrator, .editor]))
    let staffSupport = everyone.grouped(RequireStaff(roles: [.administrator, .support]))

    SystemController().register(everyone)
    AccountPagesController().register(everyone)
    ConsoleController().register(customers)
    ProfileController().register(customers)
    SecondFactorSignInController().register(everyone)
    SecurityController().register(customers)
    RecoveryPagesController().register(public: everyone, customer: customers)
    OrganizationPagesController().register(customer: customers, organization: organization)
    MembersController().register(organization)
    InvitationPagesController().register(everyone)
    StaffController().register(public: everyone, staff: staff, administrators: staffAdministrators)
    StaffLookupController().register(staffSupport)
    SupportAccessController().register(organization)
    StaffGrantsController().register(staffSupport)
    NewslettersController().register(public: everyone, customer: customers)
    StaffNewslettersController().register(staffEditors)
    HelpPagesController().register(everyone)
    HelpFeedbackController().register(everyone)
    HelpFeedsController().register(everyone)
    HelpStaffController().register(staffEditors)
    HelpAnalyticsController().register(staffEditors)

    OpenAPIController().register(everyone)
    AccountsAPIController().register(public: everyone, customer: customers)
    SecurityAPIController().register(public: everyone, customer: customers)
    NewslettersAPIController().register(customer: customers)
    OrganizationsAPIController().register(customer: customers, organization: organization)
    SupportGrantsAPIController().register(organization: organization)
    HelpAPIController().register(everyone)
}
