"""A second method by SMS, then "ask for help" with an identity check that staff approve — in a real browser."""
import pathlib
import struct
import tempfile
import zlib

from selenium.webdriver.common.by import By

from conftest import fresh_totp, last_sms_code, staff_sign_in, wait_for
from test_organizations import click_and_wait, sign_in, sign_up, PASSWORD
from test_two_factor import password_step


def png(width, height, rgb):
    """A real one-colour PNG (RFC 2083): signature, IHDR, one IDAT, IEND."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_sms_code_then_identity_check_approved_by_staff(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    address = "dora@browser.test"
    used = set()
    sign_up(driver, server, mailbox, "Dora Keller", address)
    sign_in(driver, server, address)

    # Authenticator app first, then a phone number confirmed with the code it receives.
    driver.get(server.url + "/profile/security/authenticator")
    key = driver.find_element(By.ID, "totp-secret").text
    driver.find_element(By.ID, "code").send_keys(fresh_totp(key, used))
    driver.find_element(By.ID, "enrol-password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "enrol-submit"))
    driver.get(server.url + "/profile/security/phone")
    driver.find_element(By.ID, "phone").send_keys("+41 79 555 12 34")
    driver.find_element(By.ID, "phone-password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "phone-send"))
    driver.find_element(By.ID, "code").send_keys(last_sms_code(server))
    click_and_wait(driver, driver.find_element(By.ID, "phone-confirm"))
    assert "+41 •• ••• •• 34" in driver.find_element(By.ID, "sms-status").text

    # Sign in again with a code by SMS, chosen among the other methods.
    click_and_wait(driver, driver.find_element(By.ID, "sign-out"))
    password_step(driver, server, address)
    click_and_wait(driver, driver.find_element(By.ID, "use-sms"))
    click_and_wait(driver, driver.find_element(By.ID, "sms-send"))
    screenshot(driver, "sign-in-sms")
    driver.find_element(By.ID, "code").send_keys(last_sms_code(server))
    click_and_wait(driver, driver.find_element(By.ID, "second-factor-submit"))
    assert "/console" in driver.current_url

    # Phone lost: "ask for help" with the password, the document's two sides and a selfie, uploaded by the browser.
    click_and_wait(driver, driver.find_element(By.ID, "sign-out"))
    password_step(driver, server, address)
    click_and_wait(driver, driver.find_element(By.ID, "ask-for-help"))
    folder = pathlib.Path(tempfile.mkdtemp())
    for name, colour in (("front", (30, 90, 160)), ("back", (40, 140, 90)), ("selfie", (200, 150, 110))):
        (folder / f"{name}.png").write_bytes(png(480, 300, colour))
        driver.find_element(By.ID, f"document_{name}").send_keys(str(folder / f"{name}.png"))
    driver.find_element(By.ID, "identity-password").send_keys(PASSWORD)
    screenshot(driver, "identity-check-form")
    click_and_wait(driver, driver.find_element(By.ID, "identity-submit"))
    assert driver.find_element(By.ID, "identity-pending")

    # Support reviews it next to the account and approves.
    staff = browser_factory()
    staff_sign_in(staff, server)
    staff.get(server.url + "/staff/identity-checks")
    click_and_wait(staff, staff.find_element(By.LINK_TEXT, "Dora Keller"))
    images = staff.find_elements(By.CSS_SELECTOR, "img.identity-document")
    assert len(images) == 3
    assert all(staff.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) == 480 for img in images)
    screenshot(staff, "staff-identity-check")
    staff.find_element(By.ID, "identity-confirmed").click()
    click_and_wait(staff, staff.find_element(By.ID, "identity-approve"))
    assert "notice=identity_approved" in staff.current_url

    # The second factors are gone: the password alone signs in, and the e-mail says so.
    sign_in(driver, server, address)
    wait_for(lambda: any("identity is confirmed" in (m["Subject"] or "") for m in mailbox.messages_to(address)),
             message="the approval e-mail")
