"""Changing the sign-in address in a real browser: the profile asks, the new mailbox confirms with a button, the new address signs in."""
from selenium.webdriver.common.by import By

from conftest import absent, fits_a_phone, wait_for
from test_organizations import click_and_wait, sign_in, sign_up, PASSWORD


def test_change_the_sign_in_address_from_the_profile(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    sign_up(driver, server, mailbox, "Dario Fontana", "dario@browser.test")
    sign_in(driver, server, "dario@browser.test")

    driver.get(server.url + "/profile")
    driver.find_element(By.ID, "new_email").send_keys("dario@new-browser.test")
    driver.find_element(By.ID, "sign-in-email-password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "sign-in-email-submit"))
    assert "dario@new-browser.test" in driver.find_element(By.ID, "sign-in-email-pending").text
    assert "dario@browser.test" in driver.find_element(By.ID, "sign-in-email-current").text
    screenshot(driver, "sign-in-email-pending")

    # The old address is told; the link in the new mailbox opens a page that asks before changing anything.
    assert mailbox.messages_to("dario@browser.test")
    driver.get(mailbox.link("dario@new-browser.test", "/sign-in-email/"))
    assert "dario@new-browser.test" in driver.find_element(By.ID, "sign-in-email-confirm").text
    screenshot(driver, "sign-in-email-confirm")
    click_and_wait(driver, driver.find_element(By.ID, "sign-in-email-confirm-submit"))
    assert "/profile" in driver.current_url
    assert "dario@new-browser.test" in driver.find_element(By.ID, "sign-in-email-current").text

    fits_a_phone(driver, server.url + "/profile", server.url + "/profile/sessions", server.url + "/profile/security")

    # Signed in on a second browser too; "End every other session" asks first, then signs that browser out.
    other = browser_factory()
    sign_in(other, server, "dario@new-browser.test")
    driver.get(server.url + "/profile/sessions")
    driver.find_element(By.ID, "end-other-sessions-button").click()
    confirm = wait_for(lambda: [b for b in driver.find_elements(By.ID, "confirm-ok") if b.is_displayed()], message="the confirmation")[0]
    screenshot(driver, "end-other-sessions-confirm")
    click_and_wait(driver, confirm)
    assert absent(driver, By.ID, "end-other-sessions"), "no other session is left"
    other.get(server.url + "/console")
    assert "/sign-in" in other.current_url

    click_and_wait(driver, driver.find_element(By.ID, "sign-out"))
    sign_in(driver, server, "dario@new-browser.test")
