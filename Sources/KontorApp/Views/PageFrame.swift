import KontorDomain
import KontorMarkdown
import Vapor

/// The frame around every page: the document head, the header (staff navigation, or the organization switcher,
/// the console navigation and the help window) and the footer with the languages. `base.leaf` places it around
/// each page's own content.
///
/// Written in Swift rather than Leaf on purpose: the frame is on every page and was most of each page's template
/// work — Leaf interprets some seventy tags of it per request, looking every value up in a dictionary tree built
/// from the page model — and a signed-in page's speed is a requirement measured against `/health`
/// (`docs/benchmarks.md`, "Kontor under load"). The markup stays what `base.leaf` had; every value is escaped.
struct PageFrame {
    let top: String
    let bottom: String

    init(_ layout: LayoutModel, request: Request) {
        let texts = request.texts
        let t = { (key: String) in Self.escape(texts(key)) }
        let csrf = Self.csrfField(request)
        var html = ""
        html.reserveCapacity(8192)
        html += """
        <!doctype html>
        <html lang="\(Self.escape(layout.language))">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>\(Self.escape(layout.title)) · \(Self.escape(layout.providerName))</title>
          \(Self.headLinks(layout.head))<link rel="stylesheet" href="/css/kontor.css">
          <script src="/js/confirm.js" defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">\(t("a11y.skip"))</a>
          <header class="site-header">
            <div class="brand"><a href="/">\(Self.escape(layout.providerName))</a></div>

        """
        let nav = layout.nav
        func link(_ path: String?, id: String? = nil, _ key: String) {
            guard let path else { return }
            html += "<a href=\"\(Self.escape(path))\"" + (id.map { " id=\"\($0)\"" } ?? "") + ">\(t(key))</a>"
        }
        if layout.isStaff {
            html += "    <nav aria-label=\"\(t("nav.staff"))\">\n      "
            link(nav.staffHome, "staff.home.title")
            html += "\n      "
            link(nav.staffMembers, "staff.members.title")
            html += "\n      "
            if nav.staffLookup != nil {
                link(nav.staffLookup, id: "nav-staff-lookup", "staff.lookup.title")
                html += " "
                link(nav.staffGrants, id: "nav-staff-grants", "staff.grants.title")
                html += " "
                link(nav.staffIdentityChecks, id: "nav-staff-identity", "staff.identity.title")
            }
            link(nav.staffNewsletters, "staff.newsletters.title")
            link(nav.staffHelp, id: "nav-staff-help", "staff.help.title")
            link(nav.staffFailedMail, id: "nav-staff-mail", "staff.mail.title")
            link(nav.staffBilling, id: "nav-staff-billing", "staff.billing.title")
            if nav.staffCatalog != nil {
                link(nav.staffCatalog, id: "nav-staff-catalog", "staff.catalog.title")
                html += " "
                link(nav.staffCustomers, id: "nav-staff-customers", "staff.customers.title")
            }
            html += "\n      "
            link(nav.staffAPITokens, id: "nav-staff-api-tokens", "staff.tokens.title")
            html += " "
            link(nav.staffPassword, id: "nav-staff-password", "staff.password.title")
            html += """

                  <span class="who">\(Self.escape(layout.staffName ?? ""))</span>
                  <form method="post" action="\(Self.escape(nav.staffSignOut))" class="inline">\(csrf)<button type="submit" class="link">\(t("nav.sign_out"))</button></form>
                </nav>

            """
        } else if let userName = layout.userName {
            if let current = layout.currentOrganization {
                html += """
                    <details id="org-switcher" class="org-switcher">
                      <summary><span class="visually-hidden">\(t("nav.current_organization"))</span>\(Self.escape(current.name))</summary>
                      <ul>

                """
                for organization in layout.organizations {
                    html += """
                            <li>
                              <form method="post" action="\(Self.escape(organization.switchPath))" class="switch-organization">\(csrf)
                                <button type="submit" \(organization.isCurrent ? "aria-current=\"true\"" : "")>\(Self.escape(organization.name))</button>
                                <span class="role">\(Self.escape(organization.role))</span>
                              </form>
                            </li>

                    """
                }
                html += "      </ul>\n    </details>\n"
            }
            html += "    <nav aria-label=\"\(t("nav.main"))\">\n      "
            link(nav.console, id: "nav-console", "console.title")
            link(nav.products, id: "nav-products", "products.title")
            link(nav.invoices, id: "nav-invoices", "nav.invoices")
            link(nav.members, id: "nav-members", "members.title")
            link(nav.settings, id: "nav-settings", "settings.title")
            html += "\n      "
            link(nav.organizations, id: "nav-organizations", "organizations.title")
            html += """

                  <a href="\(Self.escape(nav.profile))" id="nav-profile" class="avatar" title="\(Self.escape(userName))">\(Self.escape(layout.userInitials ?? ""))</a>
                  <form method="post" action="\(Self.escape(nav.signOut))" class="inline">\(csrf)<button type="submit" id="sign-out" class="link">\(t("nav.sign_out"))</button></form>
                </nav>

            """
        } else {
            html += "    <nav aria-label=\"\(t("nav.main"))\">\n      "
            link(nav.signIn, "signin.title")
            html += "\n      "
            link(nav.signUp, "signup.title")
            html += "\n    </nav>\n"
        }
        if !layout.isStaff { Self.helpWindow(layout, t: t, into: &html) }
        html += "  </header>\n  <main id=\"main\">\n"
        if let notice = layout.notice {
            html += "    <p class=\"notice\" role=\"status\" data-testid=\"flash\">\(Self.escape(notice))</p>\n"
        }
        top = html

        var footer = "  </main>\n  <footer class=\"site-footer\">\n    <nav aria-label=\"\(t("nav.language"))\">\n"
        let helpPath = Self.helpPathAfterLanguage(request.path)
        for language in layout.languages {
            // On a help page the language is in the path: the link opens the same page in that language.
            let href = helpPath.map { "/help/\(language.code)\($0)?lang=\(language.code)" } ?? "?lang=\(language.code)"
            footer += "      <a href=\"\(Self.escape(href))\" lang=\"\(language.code)\" \(language.isCurrent ? "aria-current=\"true\"" : "")>\(Self.escape(language.name))</a>\n"
        }
        footer += "    </nav>\n  </footer>\n</body>\n</html>\n"
        bottom = footer
    }

    /// `/help/fr/articles/x` → `/articles/x`; nil for a page that is not a help page in a language.
    static func helpPathAfterLanguage(_ path: String) -> String? {
        guard path.hasPrefix("/help/") else { return nil }
        let rest = path.dropFirst("/help/".count)
        let code = rest.prefix { $0 != "/" }
        guard Language(rawValue: String(code)) != nil else { return nil }
        return String(rest.dropFirst(code.count))
    }

    private static func headLinks(_ head: PageHead) -> String {
        var html = ""
        if let seconds = head.refreshSeconds { html += "<meta http-equiv=\"refresh\" content=\"\(seconds)\">\n  " }
        if let description = head.description { html += "<meta name=\"description\" content=\"\(escape(description))\">\n  " }
        if let canonical = head.canonical { html += "<link rel=\"canonical\" href=\"\(escape(canonical))\">\n  " }
        for alternate in head.alternates {
            html += "<link rel=\"alternate\" hreflang=\"\(escape(alternate.language))\" href=\"\(escape(alternate.url))\">\n  "
        }
        return html
    }

    /// The help button's window: the guides about this page, a search box, the support and VIP codes, the contacts.
    private static func helpWindow(_ layout: LayoutModel, t: (String) -> String, into html: inout String) {
        let help = layout.help
        html += """
            <details class="help-panel" id="help-panel">
              <summary id="help-button">\(t("help.button"))</summary>
              <div class="help-window" role="dialog" aria-labelledby="help-window-title">
                <h2 id="help-window-title">\(t("help.window.title"))</h2>

        """
        if help.hasGuides {
            html += "        <p class=\"hint\">\(t("help.window.about_this_page"))</p>\n        <ul class=\"help-guides\">"
            for guide in help.guides { html += "<li><a href=\"\(escape(guide.path))\">\(escape(guide.title))</a></li>" }
            html += "</ul>\n"
        }
        html += """
                <form method="get" action="\(escape(help.searchAction))" role="search" class="help-window-search">
                  <label for="help-window-q">\(t("help.search.label"))</label>
                  <input id="help-window-q" name="q" type="search" maxlength="200">
                  <button type="submit">\(t("help.search.submit"))</button>
                </form>
                <p><a href="\(escape(help.homePath))">\(t("help.window.all_guides"))</a></p>

        """
        if layout.canManageCurrent, let settings = layout.nav.settings {
            html += "        <p><a href=\"\(escape(settings))#support-access\" id=\"help-support-access\">\(t("help.window.support_access"))</a></p>\n"
        }
        if let code = help.supportCode {
            html += "        <p>\(t("help.window.support_code")) <strong class=\"support-code-inline\" data-testid=\"help-support-code\">\(escape(code))</strong></p>\n"
        }
        if let code = help.vipCode {
            html += "        <p>\(t("help.window.vip_code")) <strong class=\"support-code-inline\" data-testid=\"help-vip-code\">\(escape(code))</strong></p>\n"
        }
        if help.hasContacts {
            html += "        <ul class=\"help-contacts\" id=\"help-contacts\">"
            for contact in help.contacts {
                html += "<li>\(escape(contact.label)): <a href=\"\(escape(contact.href))\">\(escape(contact.value))</a></li>"
            }
            html += "</ul>\n"
            if let hours = help.supportHours { html += "        <p class=\"hint\">\(escape(hours))</p>\n" }
        }
        html += "      </div>\n    </details>\n"
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// The hidden anti-forgery field every form carries, as `#csrf()` writes it in templates.
    static func csrfField(_ request: Request) -> String {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(escape(request.csrfToken ?? ""))\">"
    }
}
