"""Closing one's account in a real browser: the profile leads to the page, the page asks for the password and a tick, and afterwards nothing signs in."""
from selenium.webdriver.common.by import By

from conftest import fits_a_phone, wait_for
from test_organizations import click_and_wait, sign_in, sign_up, PASSWORD


def test_close_the_account_from_the_profile(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    sign_up(driver, server, mailbox, "Elena Rossi", "elena@browser.test")
    sign_in(driver, server, "elena@browser.test")

    driver.get(server.url + "/profile")
    click_and_wait(driver, driver.find_element(By.ID, "close-account-link"))
    assert "/profile/close" in driver.current_url
    fits_a_phone(driver, server.url + "/profile/close")

    # The password without the tick: the page says which field, and nothing is closed.
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "close-account-submit"))
    assert driver.find_element(By.ID, "confirm-error").is_displayed()
    screenshot(driver, "close-account-form")

    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "confirm").click()
    click_and_wait(driver, driver.find_element(By.ID, "close-account-submit"))
    assert "/account-closed" in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=account-closed]").is_displayed()
    screenshot(driver, "account-closed")
    wait_for(lambda: [m for m in mailbox.messages_to("elena@browser.test") if "closed" in m["Subject"].lower()], message="the closure e-mail")

    driver.get(server.url + "/console")
    assert "/sign-in" in driver.current_url, "the browser is signed out"
    driver.find_element(By.ID, "email").send_keys("elena@browser.test")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "sign-in-submit"))
    assert "/console" not in driver.current_url, "the old password opens nothing"
