"""Two-factor authentication in a real browser: switch it on by reading the key, sign in with a code, then with a backup code."""
from selenium.webdriver.common.by import By

from conftest import fresh_totp
from test_organizations import click_and_wait, sign_in, sign_up, PASSWORD


def password_step(driver, server, address):
    driver.get(server.url + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "sign-in-submit"))
    assert "/sign-in/two-factor" in driver.current_url


def test_enable_two_factor_and_sign_in_with_a_code_then_a_backup_code(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    sign_up(driver, server, mailbox, "Carla Brunner", "carla@browser.test")
    sign_in(driver, server, "carla@browser.test")

    # Profile → Security → set up the authenticator app: the QR code and the key are shown.
    driver.get(server.url + "/profile")
    click_and_wait(driver, driver.find_element(By.ID, "security-link"))
    click_and_wait(driver, driver.find_element(By.ID, "enable-two-factor"))
    assert driver.find_element(By.CSS_SELECTOR, "#qr-code svg")
    key = driver.find_element(By.ID, "totp-secret").text
    screenshot(driver, "two-factor-enrolment")
    used = set()
    driver.find_element(By.ID, "code").send_keys(fresh_totp(key, used))
    driver.find_element(By.ID, "enrol-password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "enrol-submit"))
    codes = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#backup-codes code")]
    assert len(codes) == 10
    screenshot(driver, "backup-codes")

    # Sign out; signing in now asks for a code after the password.
    click_and_wait(driver, driver.find_element(By.ID, "sign-out"))
    password_step(driver, server, "carla@browser.test")
    # The enrolment code's step is spent: a code from a later step signs in.
    driver.find_element(By.ID, "code").send_keys(fresh_totp(key, used))
    click_and_wait(driver, driver.find_element(By.ID, "second-factor-submit"))
    assert "/console" in driver.current_url

    # And with a backup code, through "other methods".
    click_and_wait(driver, driver.find_element(By.ID, "sign-out"))
    password_step(driver, server, "carla@browser.test")
    click_and_wait(driver, driver.find_element(By.ID, "use-backup-code"))
    driver.find_element(By.ID, "code").send_keys(codes[0].lower())
    click_and_wait(driver, driver.find_element(By.ID, "second-factor-submit"))
    assert "/console" in driver.current_url
    driver.get(server.url + "/profile/security")
    assert "9" in driver.find_element(By.ID, "backup-codes-left").text
