"""A customer's first steps in a real browser: sign up, confirm, sign in, invite, switch organization, leave."""
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import fits_a_phone, wait_for

PASSWORD = "orange kayak under the bridge"


def click_and_wait(driver, element):
    """Clicks something that loads a new page and waits until the old page is gone."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def old_page_gone(_):
        # Chrome reports a node of the unloaded page either as stale or as "not in the document": both mean gone.
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True
    WebDriverWait(driver, 15).until(old_page_gone)


def sign_up(driver, server, mailbox, name, address):
    driver.get(server.url + "/sign-up")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    Select(driver.find_element(By.ID, "language")).select_by_value("en")
    click_and_wait(driver, driver.find_element(By.ID, "sign-up-submit"))
    alerts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[role=alert], .error, h1")]
    assert "/check-inbox" in driver.current_url, (driver.current_url, alerts)
    driver.get(mailbox.link(address, "/verify-email/"))
    # The link's page confirms nothing by itself: its button does, with the sign-up's password.
    driver.find_element(By.ID, "sign-up-confirm-password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "sign-up-confirm-submit"))
    assert "/sign-in" in driver.current_url, driver.current_url


def sign_in(driver, server, address):
    driver.get(server.url + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "sign-in-submit"))
    if "/console" not in driver.current_url:
        alerts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[role=alert], .error")]
        raise AssertionError(f"not signed in: {driver.current_url} {alerts}")


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
    click_and_wait(alice, alice.find_element(By.ID, "nav-members"))
    alice.find_element(By.ID, "invite-email").send_keys("bob@browser.test")
    Select(alice.find_element(By.ID, "invite-role")).select_by_value("administrator")
    click_and_wait(alice, alice.find_element(By.ID, "invite-submit"))
    assert "bob@browser.test" in alice.find_element(By.ID, "pending-invitations").text
    screenshot(alice, "members")
    fits_a_phone(alice)

    bob.get(mailbox.link("bob@browser.test", "/invitations/"))
    click_and_wait(bob, bob.find_element(By.ID, "accept-invitation"))

    # Bob now belongs to two organizations and switches between them from the header.
    bob.get(server.url + "/console")
    bob.find_element(By.CSS_SELECTOR, "#org-switcher summary").click()
    switch = [b for b in bob.find_elements(By.CSS_SELECTOR, "form.switch-organization button") if b.text == "Bob Frei"]
    assert switch, "Bob's own organization is in the switcher"
    click_and_wait(bob, switch[0])
    assert bob.find_element(By.ID, "current-org").text == "Bob Frei"
    bob.find_element(By.CSS_SELECTOR, "#org-switcher summary").click()
    click_and_wait(bob, [b for b in bob.find_elements(By.CSS_SELECTOR, "form.switch-organization button") if b.text == "Alice Keller"][0])
    assert bob.find_element(By.ID, "current-org").text == "Alice Keller"
    screenshot(bob, "switched")

    # Bob leaves Alice's organization from "My organizations".
    click_and_wait(bob, bob.find_element(By.ID, "nav-organizations"))
    row = [r for r in bob.find_elements(By.CSS_SELECTOR, "#organizations tbody tr") if r.text.startswith("Alice Keller")][0]
    # Leaving asks first, saying what will happen; "Cancel" (where focus starts) leaves nothing changed.
    row.find_element(By.CSS_SELECTOR, "form.leave-organization button").click()
    dialog = wait_for(lambda: [d for d in bob.find_elements(By.ID, "confirm-dialog") if d.is_displayed()], message="the confirmation")[0]
    assert "Alice Keller" in dialog.find_element(By.ID, "confirm-message").text
    assert bob.switch_to.active_element == dialog.find_element(By.ID, "confirm-cancel")
    screenshot(bob, "leave-confirm")
    dialog.find_element(By.ID, "confirm-cancel").click()
    assert not dialog.is_displayed()
    assert any(r.text.startswith("Alice Keller") for r in bob.find_elements(By.CSS_SELECTOR, "#organizations tbody tr"))
    row.find_element(By.CSS_SELECTOR, "form.leave-organization button").click()
    confirm = wait_for(lambda: [b for b in bob.find_elements(By.ID, "confirm-ok") if b.is_displayed()], message="the confirmation")[0]
    click_and_wait(bob, confirm)
    assert bob.find_element(By.CSS_SELECTOR, "[data-testid=flash]").text
    names = [r.text for r in bob.find_elements(By.CSS_SELECTOR, "#organizations tbody tr")]
    assert not any(n.startswith("Alice Keller") for n in names)

    # Alice, the last legal representative, is told why she cannot leave her own organization.
    click_and_wait(alice, alice.find_element(By.ID, "nav-organizations"))
    alice.find_element(By.CSS_SELECTOR, "form.leave-organization button").click()
    click_and_wait(alice, wait_for(lambda: [b for b in alice.find_elements(By.ID, "confirm-ok") if b.is_displayed()], message="the confirmation")[0])
    assert "last legal representative" in alice.find_element(By.CSS_SELECTOR, "[role=alert]").text
    screenshot(alice, "leave-refused")

    # Signing out ends the session: the console asks to sign in again.
    click_and_wait(alice, alice.find_element(By.ID, "sign-out"))
    alice.get(server.url + "/console")
    assert "/sign-in" in alice.current_url
