import Fluent
import KontorDomain
import Vapor

/// What every page's frame shows: title, language, the signed-in person, the organization switcher.
struct LayoutModel: Encodable {
    struct OrganizationLink: Encodable {
        let id: String
        let name: String
        let role: String
        let switchPath: String
        let isCurrent: Bool
    }
    struct LanguageLink: Encodable {
        let code: String
        let name: String
        let isCurrent: Bool
    }

    let title: String
    let language: String
    let languages: [LanguageLink]
    let userName: String?
    let userInitials: String?
    let isStaff: Bool
    let staffName: String?
    let currentOrganization: OrganizationLink?
    let organizations: [OrganizationLink]
    let canManageCurrent: Bool
    let notice: String?
    let nav: Navigation
    let providerName: String
    let help: HelpPanel
    /// Links and description for the document head (help articles: canonical address and translations).
    var head = PageHead()
    /// The frame's markup before and after the page's content (`PageFrame`), filled in by `Request.layout(title:)`.
    var frameTop = ""
    var frameBottom = ""

    /// What templates read: the frame as markup, and the few values pages use themselves. The rest only feeds
    /// `PageFrame`; handing it to Leaf too would be converted on every request for nothing.
    enum CodingKeys: String, CodingKey {
        case title, language, nav, frameTop, frameBottom
    }

    /// The help button's window on every page: the guides about this page, a search box, the support code.
    struct HelpPanel: Encodable {
        struct Guide: Encodable {
            let title: String
            let path: String
        }
        let guides: [Guide]
        let hasGuides: Bool
        let searchAction: String
        let homePath: String
        let supportCode: String?
        /// The current organization's VIP code, while it has Premium Support.
        let vipCode: String?
        /// How to reach support: the Premium Support lines first when the organization has it.
        let contacts: [Contact]
        let hasContacts: Bool
        let supportHours: String?

        struct Contact: Encodable {
            let label: String
            let value: String
            let href: String
        }
    }

    struct Navigation: Encodable {
        let console: String
        let members: String?
        let products: String?
        let invoices: String?
        let settings: String?
        let organizations: String
        let profile: String
        let sessions: String
        let security: String
        let newsletters: String
        let apiTokens: String
        let signOut: String
        let signIn: String
        let signUp: String
        let forgotPassword: String
        let staffHome: String
        let staffMembers: String
        let staffSignOut: String
        let staffHelp: String?
        let staffLookup: String?
        let staffNewsletters: String?
        let staffGrants: String
        let staffIdentityChecks: String
        let staffFailedMail: String?
        let staffBilling: String?
        /// The catalog and the customers' products: administrators and the billing role.
        let staffCatalog: String?
        let staffCustomers: String?
        let staffAPITokens: String
        let staffPassword: String
    }
}

extension Request {
    /// The current organization: the one the session remembers while the user still belongs to it, else the first.
    func currentMembership(among memberships: [Membership]) -> Membership? {
        let remembered = auth.get(CustomerIdentity.self)?.session?.currentOrganizationID
        return memberships.first { $0.$organization.id == remembered } ?? memberships.first
    }

    /// The frame for a page titled `title`.
    func layout(title: String, head: PageHead = PageHead()) async -> LayoutModel {
        let customer = auth.get(CustomerIdentity.self)
        let staff = path.hasPrefix("/staff") ? auth.get(StaffIdentity.self) : nil
        var memberships: [Membership] = []
        if customer != nil { memberships = (try? await ownMemberships()) ?? [] }
        let current = currentMembership(among: memberships)
        let links = memberships.map { membership in
            LayoutModel.OrganizationLink(
                id: membership.$organization.id.uuidString, name: membership.organization.name,
                role: t("role.\(membership.role.rawValue)"),
                switchPath: SiteRoute.switchOrganization(membership.$organization.id).path,
                isCurrent: membership.id == current?.id)
        }
        let notice = query[String.self, at: "notice"].flatMap { key in
            application.kontor.localizer.has("notice.\(key)") ? t("notice.\(key)") : nil
        }
        let currentID = current?.$organization.id
        let help = await helpPanel(supportCode: customer.map { SupportCodeFormatting.formatted($0.user.supportCode) },
                                   vipCode: current?.organization.vipCode.flatMap(VIPCode.init)?.formatted, customer: customer)
        let canEditHelp = staff.map { [.administrator, .editor].contains($0.staff.role) } ?? false
        var layout = LayoutModel(
            title: title, language: language.rawValue,
            languages: Language.allCases.map { .init(code: $0.rawValue, name: $0.nativeName, isCurrent: $0 == language) },
            userName: customer?.user.name, userInitials: customer.map { initials($0.user.name) }, isStaff: staff != nil,
            staffName: staff?.staff.name, currentOrganization: links.first { $0.isCurrent }, organizations: links,
            canManageCurrent: current?.role.canManageOrganization ?? false, notice: notice,
            nav: .init(
                console: SiteRoute.console.path, members: currentID.map { SiteRoute.organizationMembers($0).path },
                products: currentID.map { SiteRoute.organizationProducts($0).path },
                invoices: currentID.map { SiteRoute.invoices($0).path },
                settings: currentID.map { SiteRoute.organizationSettings($0).path }, organizations: SiteRoute.organizations.path,
                profile: SiteRoute.profile.path, sessions: SiteRoute.sessions.path, security: SiteRoute.security.path, newsletters: SiteRoute.newsletters.path, apiTokens: SiteRoute.apiTokens.path,
                signOut: SiteRoute.signOut.path, signIn: SiteRoute.signIn.path, signUp: SiteRoute.signUp.path, forgotPassword: SiteRoute.forgotPassword.path,
                staffHome: SiteRoute.staffHome.path, staffMembers: SiteRoute.staffMembers.path, staffSignOut: SiteRoute.staffSignOut.path,
                staffHelp: canEditHelp ? SiteRoute.staffHelp.path : nil,
                staffLookup: staff.map { [.administrator, .support].contains($0.staff.role) } == true ? SiteRoute.staffLookup.path : nil,
                staffNewsletters: canEditHelp ? SiteRoute.staffNewsletters.path : nil, staffGrants: SiteRoute.staffGrants.path,
                staffIdentityChecks: SiteRoute.staffIdentityChecks.path,
                staffFailedMail: staff.map { [.administrator, .support].contains($0.staff.role) } == true ? SiteRoute.staffFailedMail.path : nil,
                staffBilling: staff.map { [.administrator, .billing].contains($0.staff.role) } == true ? SiteRoute.staffBilling.path : nil,
                staffCatalog: staff.map { [.administrator, .billing].contains($0.staff.role) } == true ? SiteRoute.staffCatalog.path : nil,
                staffCustomers: staff.map { [.administrator, .billing].contains($0.staff.role) } == true ? SiteRoute.staffCustomers.path : nil,
                staffAPITokens: SiteRoute.staffAPITokens.path, staffPassword: SiteRoute.staffPassword.path),
            providerName: application.kontor.config.providerName, help: help)
        layout.head = head
        let frame = PageFrame(layout, request: self)
        layout.frameTop = frame.top
        layout.frameBottom = frame.bottom
        return layout
    }

    /// The guides whose `contexts` name the page being shown (found from the matched route pattern).
    private func helpPanel(supportCode: String?, vipCode: String?, customer: CustomerIdentity?) async -> LayoutModel.HelpPanel {
        let code = language.rawValue
        var guides: [LayoutModel.HelpPanel.Guide] = []
        if let pattern = route?.path.map(\.description).joined(separator: "/"), let context = SiteRoute.helpContext(forPattern: pattern),
           let snapshot = try? await helpSnapshot() {
            guides = snapshot.articles(forContext: context, language: code, fallback: application.kontor.config.defaultLanguage.rawValue)
                .prefix(5).map { .init(title: $0.title, path: SiteRoute.helpArticle(language: $0.language, slug: $0.slug).path) }
        }
        let support = application.kontor.config.supportContacts
        var contacts: [LayoutModel.HelpPanel.Contact] = []
        func add(_ labelKey: String, email: String?, phone: String?) {
            if let phone {
                contacts.append(.init(label: t(labelKey + "_phone"), value: phone, href: "tel:" + phone.filter { $0 == "+" || $0.isNumber }))
            }
            if let email { contacts.append(.init(label: t(labelKey + "_email"), value: email, href: "mailto:" + email)) }
        }
        if vipCode != nil { add("help.window.premium", email: support.premiumEmail, phone: support.premiumPhone) }
        add("help.window.support", email: support.email, phone: support.phone)
        return LayoutModel.HelpPanel(guides: guides, hasGuides: !guides.isEmpty, searchAction: SiteRoute.helpSearch(language: code).path,
                                     homePath: SiteRoute.helpLanguageHome(language: code).path, supportCode: supportCode, vipCode: vipCode,
                                     contacts: customer == nil ? [] : contacts, hasContacts: customer != nil && !contacts.isEmpty, supportHours: customer == nil ? nil : support.hours)
    }

    private func initials(_ name: String) -> String {
        name.split(separator: " ").prefix(2).compactMap(\.first).map(String.init).joined().uppercased()
    }
}

/// Field errors and kept input for a form shown again after a failed submission.
struct FormState: Encodable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var summary: String?

    init(values: [String: String] = [:]) { self.values = values }

    init(failure: ValidationFailure, values: [String: String], request: Request) {
        self.values = values
        for error in failure.errors where errors[error.field] == nil { errors[error.field] = request.t(error.messageKey, error.arguments) }
        summary = request.t("error.validation_failed")
    }

    init(message: String, values: [String: String]) {
        self.values = values
        summary = message
    }

    /// Errors already said in the reader's language, by field.
    init(errors: [String: String], values: [String: String] = [:]) {
        self.values = values
        self.errors = errors
        summary = errors.isEmpty ? nil : errors.values.sorted().first
    }
}

/// The page for an error the middleware could not hand back to a form.
struct ErrorPage: Encodable {
    let layout: LayoutModel
    /// A sentence for the kind of problem ("Page not found"), never the bare status code.
    let headline: String
    let status: Int
    let message: String
    let fields: [KontorErrorMiddleware.Body.FieldMessage]
}

/// What a page adds to the document head: its canonical address, the same page in other languages (`hreflang`) and a
/// description for search engines.
struct PageHead: Encodable, Sendable {
    var canonical: String?
    var alternates: [(language: String, url: String)] = []
    var description: String?
    /// The page reloads itself after this many seconds (`<meta http-equiv="refresh">`): a page showing work that goes on
    /// without it, such as a long statement import.
    var refreshSeconds: Int?

    enum CodingKeys: CodingKey { case canonical, description }
}
