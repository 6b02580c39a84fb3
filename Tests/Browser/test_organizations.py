"""A customer's first steps in a real browser: sign up, confirm, sign in, invite, switch organization, leave."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

PASSWORD = "orange kayak under the bridge"


def sign_up(driver, server, mailbox, name, address):
    driver.get(server.url + "/sign-up")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    Select(driver.find_element(By.ID, "language")).select_by_value("en")
    driver.find_element(By.ID, "sign-up-submit").click()
    assert "/check-inbox" in driver.current_url
    driver.get(mailbox.link(address, "/verify-email/"))


def sign_in(driver, server, address):
    driver.get(server.url + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "sign-in-submit").click()
    assert "/console" in driver.current_url, driver.page_source[:500]


def test_sign_up_invite_switch_and_leave(server, mailbox, browser_factory, screenshot):
    alice, bob = browser_factory(), browser_factory()

    # Alice signs up alone: an organization named after her, where she is the legal representative.
    sign_up(alice, server, mailbox, "Alice Keller", "alice@browser.test")
    sign_in(alice, server, "alice@browser.test")
    assert alice.find_element(By.ID, "current-org").text == "Alice Keller"
    screenshot(alice, "console")

    # Bob has an account of his own, too.
    sign_up(bob, server, mailbox, "Bob Frei", "bob@browser.test")
    sign_in(bob, server, "bob@browser.test")

    # Alice invites Bob as an administrator; the invitation arrives by e-mail.
    alice.find_element(By.ID, "nav-members").click()
    alice.find_element(By.ID, "invite-email").send_keys("bob@browser.test")
    Select(alice.find_element(By.ID, "invite-role")).select_by_value("administrator")
    alice.find_element(By.ID, "invite-submit").click()
    assert "bob@browser.test" in alice.find_element(By.ID, "pending-invitations").text
    screenshot(alice, "members")

    bob.get(mailbox.link("bob@browser.test", "/invitations/"))
    bob.find_element(By.ID, "accept-invitation").click()

    # Bob now belongs to two organizations and switches between them from the header.
    bob.get(server.url + "/console")
    bob.find_element(By.CSS_SELECTOR, "#org-switcher summary").click()
    switch = [b for b in bob.find_elements(By.CSS_SELECTOR, "form.switch-organization button") if b.text == "Bob Frei"]
    assert switch, "Bob's own organization is in the switcher"
    switch[0].click()
    assert bob.find_element(By.ID, "current-org").text == "Bob Frei"
    bob.find_element(By.CSS_SELECTOR, "#org-switcher summary").click()
    [b for b in bob.find_elements(By.CSS_SELECTOR, "form.switch-organization button") if b.text == "Alice Keller"][0].click()
    assert bob.find_element(By.ID, "current-org").text == "Alice Keller"
    screenshot(bob, "switched")

    # Bob leaves Alice's organization from "My organizations".
    bob.find_element(By.ID, "nav-organizations").click()
    row = [r for r in bob.find_elements(By.CSS_SELECTOR, "#organizations tbody tr") if r.text.startswith("Alice Keller")][0]
    row.find_element(By.CSS_SELECTOR, "form.leave-organization button").click()
    assert bob.find_element(By.CSS_SELECTOR, "[data-testid=flash]").text
    names = [r.text for r in bob.find_elements(By.CSS_SELECTOR, "#organizations tbody tr")]
    assert not any(n.startswith("Alice Keller") for n in names)

    # Alice, the last legal representative, is told why she cannot leave her own organization.
    alice.find_element(By.ID, "nav-organizations").click()
    alice.find_element(By.CSS_SELECTOR, "form.leave-organization button").click()
    assert "last legal representative" in alice.find_element(By.CSS_SELECTOR, "[role=alert]").text
    screenshot(alice, "leave-refused")

    # Signing out ends the session: the console asks to sign in again.
    alice.find_element(By.ID, "sign-out").click()
    alice.get(server.url + "/console")
    assert "/sign-in" in alice.current_url
