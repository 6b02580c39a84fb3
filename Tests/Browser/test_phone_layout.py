"""Every page on a 360 px phone (issue 11 §1): the public pages, a customer's pages with something on each of them —
products and a hosting's site, an invoice with its QR-bill, prepaid movements, a billing address, a second member,
an API token — the help center, and the staff console. None may make the page wider than the screen: a wide table
scrolls inside its own box (or reflows into one block per row), a long e-mail address, token or reference wraps.

The navigation row of the header scrolls sideways inside itself on purpose (test_layout.py); that is no page-level
sideways scrolling and is not what is measured here."""
import os
import re
import tempfile

from selenium.webdriver.common.by import By

from conftest import staff_sign_in
from test_billing import CAMT
from test_organizations import PASSWORD, click_and_wait, sign_in, sign_up

# Long, unbreakable strings are what pushed pages sideways: e-mail addresses, domains, token names.
EMAIL = "maximiliane.oberhausen-wiesenthal@verwaltung.browser.test"
INVITED = "konstantin.oberhausen-wiesenthal.buchhaltung@verwaltung.browser.test"
HOSTING = "oberhausen-wiesenthal-verwaltungsgesellschaft.example"
DOMAIN = "oberhausen-wiesenthal-verwaltungsgesellschaft-immobilien.example"

# The document's width against the window's: `clientWidth` is the window less a classic scroll bar (the test
# browser has one; a phone's scroll bars float over the page, so there it is `innerWidth`).
WIDTHS = """return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth]"""

# For the failure message: what reaches past the right edge, a box or the text inside one. Something inside a box that
# scrolls or clips is only counted when it is positioned (it can escape a box that is not its containing block);
# the inside of a closed <details> is not shown and not counted.
CULPRITS = """
const width = document.documentElement.clientWidth, found = [];
for (const element of document.querySelectorAll('body *')) {
  const details = element.closest('details');
  if (details && !details.open && !element.closest('summary')) continue;
  const box = element.getBoundingClientRect(), style = getComputedStyle(element);
  const contentRight = style.overflowX === 'visible' ? box.left + element.scrollWidth : box.right;
  if (box.width === 0 || Math.max(box.right, contentRight) <= width + 1) continue;
  let clipped = false;
  if (!['absolute', 'fixed'].includes(style.position)) {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
    }
  }
  if (!clipped) found.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
    + (typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(/\\s+/).join('.') : '')
    + (box.right > width + 1 ? ' to ' + Math.round(box.right) : ', its content to ' + Math.round(contentRight)) + ' px');
}
return found.slice(-3);
"""


def too_wide(driver, name):
    """What is wrong when the page is wider than the window, else None."""
    document, window, inner = driver.execute_script(WIDTHS)
    if document > window + 1 or document > inner + 1:
        return f"{name} ({driver.current_url}) is {document} px wide in a {window} px window: " + ", ".join(driver.execute_script(CULPRITS))
    return None


def page_widths(driver, pages, screenshot, prefix):
    """Opens each (name, URL) at phone size; returns a line for each page wider than the window."""
    wide = []
    for name, url in pages:
        driver.get(url)
        wide += filter(None, [too_wide(driver, name)])
        screenshot(driver, f"phone-{prefix}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
    return wide


def on_screen(driver, element):
    """Whether the element lies between the window's left and right edges."""
    return driver.execute_script("const b = arguments[0].getBoundingClientRect();"
                                 "return b.width > 0 && b.left >= 0 && b.right <= document.documentElement.clientWidth + 1", element)


def href(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector).get_attribute("href")


def test_every_page_fits_a_phone(server, mailbox, browser_factory, screenshot):
    customer = browser_factory()
    sign_up(customer, server, mailbox, "Maximiliane Oberhausen-Wiesenthal", EMAIL)
    customer.set_window_size(360, 740)
    wide = page_widths(customer, [
        ("home", server.url + "/"),
        ("sign in", server.url + "/sign-in"),
        ("sign up", server.url + "/sign-up"),
        ("forgot password", server.url + "/forgot-password"),
        ("help center", server.url + "/help/en"),
        ("help search", server.url + "/help/en/search?q=two+factor+authentication"),
        ("staff sign in", server.url + "/staff/sign-in"),
    ], screenshot, "public")
    customer.get(server.url + "/help/en")
    help_pages = [("help article", href(customer, "a[href*='/help/en/articles/']")),
                  ("help category", href(customer, "a[href*='/help/en/categories/']"))]
    wide += page_widths(customer, help_pages, screenshot, "public")

    # Something on every page: products, a hosting with sites and databases, a member, an address, a token.
    server.command("add-product", "--owner", EMAIL, "--kind", "web_hosting", "--name", HOSTING, "--renews", "2027-05-31",
                   "--server-prefix", "mxow", "--sites", f"{HOSTING},shop.{HOSTING}", "--databases", "immobilien_produktion",
                   "--database-users", "immobilien_wartung")
    server.command("add-product", "--owner", EMAIL, "--kind", "domain", "--name", DOMAIN, "--renews", "2027-05-31", "--renewal-warranty")
    server.command("add-product", "--owner", EMAIL, "--kind", "mail_service", "--name", DOMAIN, "--renews", "2027-06-30")
    server.command("add-product", "--owner", EMAIL, "--kind", "ksuite", "--name", "Oberhausen-Wiesenthal kSuite", "--renews", "2027-06-30",
                   "--users", "12", "--storage-gb", "500")
    sign_in(customer, server, EMAIL)
    org = re.search(r"/orgs/[^/]+", href(customer, "#nav-products")).group(0)
    base = server.url + org

    customer.get(base + "/billing-addresses")
    for field, value in (("ba-name", "Oberhausen-Wiesenthal Verwaltungsgesellschaft mbH"), ("ba-street", "Bahnhofstrasse"),
                         ("ba-building", "4"), ("ba-postcode", "8002"), ("ba-town", "Zürich"),
                         ("ba-email", "rechnungen.oberhausen-wiesenthal@verwaltung.browser.test")):
        customer.find_element(By.ID, field).send_keys(value)
    click_and_wait(customer, customer.find_element(By.ID, "billing-address-submit"))
    customer.get(base + "/members")
    customer.find_element(By.ID, "invite-email").send_keys(INVITED)
    click_and_wait(customer, customer.find_element(By.ID, "invite-submit"))
    customer.get(server.url + "/profile/api-tokens")
    customer.find_element(By.ID, "token-name").send_keys("deployment-pipeline-production-oberhausen-wiesenthal")
    customer.find_element(By.ID, "token-password").send_keys(PASSWORD)
    click_and_wait(customer, customer.find_element(By.CSS_SELECTOR, "#token-form button[type=submit]"))
    assert customer.find_elements(By.CSS_SELECTOR, "#tokens tbody tr"), "the token is listed"

    # Staff issue an invoice and book a standing order to the prepaid account.
    customer.get(base + "/invoices")
    customer_number = customer.find_element(By.ID, "customer-number").text.split()[-1]
    customer.get(base + "/prepaid-account")
    top_up = customer.find_element(By.CSS_SELECTOR, "#top-up-CHF .top-up-reference").text.replace(" ", "")
    staff = browser_factory()
    staff_sign_in(staff, server)
    click_and_wait(staff, staff.find_element(By.ID, "nav-staff-billing"))
    staff.find_element(By.ID, "si-customer").send_keys(customer_number)
    staff.find_element(By.NAME, "description[]").send_keys(f"Mailbox migration for {INVITED}")
    staff.find_elements(By.NAME, "unit_price[]")[0].send_keys("180.00")
    click_and_wait(staff, staff.find_element(By.CSS_SELECTOR, "#staff-invoice button[type=submit]"))
    statement = os.path.join(tempfile.mkdtemp(), "camt054-phone.xml")
    with open(statement, "w", encoding="utf-8") as file:
        file.write(CAMT.replace("BROWSER-", "PHONE-").format(reference=top_up))
    staff.find_element(By.ID, "statement").send_keys(statement)
    click_and_wait(staff, staff.find_element(By.ID, "statement-submit"))
    assert staff.find_element(By.ID, "summary-prepaid").text == "1"

    customer.get(base + "/invoices")
    invoice = href(customer, "a.invoice-link")
    customer.get(base + "/products")
    products = [(a.text, a.get_attribute("href")) for a in customer.find_elements(By.CSS_SELECTOR, "#products tbody a[href*='/products/']")]
    assert len(products) >= 4, products
    hosting = next(link for text, link in products if text == HOSTING)
    customer.get(hosting)
    site = href(customer, "#site-list a[href*='/sites/']")

    pages = [
        ("console", server.url + "/console"),
        ("products", base + "/products"),
        *((f"product settings of {text}", link) for text, link in products),
        ("site", site),
        ("renewals", base + "/renewals"),
        ("new order", base + "/orders/new"),
        ("invoices", base + "/invoices"),
        ("invoice", invoice),
        ("prepaid account", base + "/prepaid-account"),
        ("billing addresses", base + "/billing-addresses"),
        ("members", base + "/members"),
        ("organization settings", base + "/settings"),
        ("organizations", server.url + "/organizations"),
        ("profile", server.url + "/profile"),
        ("security", server.url + "/profile/security"),
        ("two-factor set-up", server.url + "/profile/security/authenticator"),
        ("text-message phone", server.url + "/profile/security/phone"),
        ("security events", server.url + "/profile/security/events"),
        ("sessions", server.url + "/profile/sessions"),
        ("API tokens", server.url + "/profile/api-tokens"),
        ("newsletters", server.url + "/profile/newsletters"),
        ("close account", server.url + "/profile/close"),
        ("help center, signed in", server.url + "/help/en"),
    ]
    wide += page_widths(customer, pages, screenshot, "customer")
    # German has the longest words for the stacked tables' labels and the buttons.
    customer.get(server.url + "/console?lang=de")
    wide += [f"in German: {line}" for line in page_widths(customer, pages, screenshot, "customer-de")]
    customer.get(server.url + "/console?lang=en")

    # The organization list opened from the header stays on the screen, too.
    customer.get(server.url + "/console")
    customer.find_element(By.CSS_SELECTOR, "#org-switcher summary").click()
    if not on_screen(customer, customer.find_element(By.CSS_SELECTOR, "#org-switcher ul")):
        wide.append("the organization list opened from the header reaches past the screen's edge")
    wide += filter(None, [too_wide(customer, "console with the organization list open")])
    screenshot(customer, "phone-customer-organization-list")

    # The staff console: every page of its navigation, and the customer's page.
    staff.set_window_size(360, 740)
    staff.get(server.url + "/staff")
    staff_pages = [("staff page " + a.get_attribute("pathname"), a.get_attribute("href"))
                   for a in staff.find_elements(By.CSS_SELECTOR, ".site-header nav a[href^='/staff']")]
    staff.get(server.url + "/staff/customers?q=Oberhausen-Wiesenthal")
    staff_pages.append(("staff customer page", href(staff, "#customer-results a")))
    wide += page_widths(staff, staff_pages, screenshot, "staff")

    assert not wide, "wider than a 360 px phone:\n" + "\n".join(wide)

    # The API tokens (the page that was wider than a phone): each token a block, its Revoke button on the screen.
    customer.get(server.url + "/profile/api-tokens")
    assert on_screen(customer, customer.find_element(By.CSS_SELECTOR, "#tokens tbody tr button[type=submit]")), \
        "the token's Revoke button is on the screen"
