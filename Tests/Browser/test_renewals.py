"""The renewals page in a real browser: the box at the top of the column ticks every product (JavaScript), Renewal
Warranty is switched on for all of them after the customer agrees to what it means (the NAS too: after purchase it
takes it like any product)."""
from selenium.webdriver.common.by import By

from conftest import wait_for
from test_organizations import click_and_wait, sign_in, sign_up


def test_renewals_select_all_and_switch_renewal_warranty_on(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    sign_up(driver, server, mailbox, "Lena Keller", "lena@browser.test")
    server.command("add-product", "--owner", "lena@browser.test", "--kind", "web_hosting", "--name", "keller.example",
                   "--renews", "2027-04-30", "--server-prefix", "wkel")
    server.command("add-product", "--owner", "lena@browser.test", "--kind", "domain", "--name", "keller.example", "--renews", "2027-04-30")
    server.command("add-product", "--owner", "lena@browser.test", "--kind", "nas_synology", "--name", "NAS Atelier", "--renews", "2027-10-31")
    sign_in(driver, server, "lena@browser.test")

    click_and_wait(driver, driver.find_element(By.ID, "nav-products"))
    click_and_wait(driver, driver.find_element(By.ID, "renewals-link"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#renewals tbody tr")
    assert len(rows) == 3 and all(row.get_attribute("data-state") == "active" for row in rows)
    assert "2027-04-30" in driver.find_element(By.ID, "renewals").text

    select_all = driver.find_element(By.ID, "select-all-products")
    assert select_all.is_displayed(), "the select-all box is shown once JavaScript runs"
    select_all.click()
    assert all(box.is_selected() for box in driver.find_elements(By.CSS_SELECTOR, "input.select-product"))
    screenshot(driver, "renewals-all-ticked")
    # The button asks first, with the consent the seed's pop-up asks for; only "confirm" switches anything.
    driver.find_element(By.ID, "renewal-warranty-on").click()
    dialog = wait_for(lambda: [d for d in driver.find_elements(By.ID, "confirm-dialog") if d.is_displayed()], message="the consent")[0]
    assert "renewed and invoiced" in dialog.find_element(By.ID, "confirm-message").text
    screenshot(driver, "renewals-warranty-consent")
    click_and_wait(driver, dialog.find_element(By.ID, "confirm-ok"))

    assert "Renewal Warranty switched on for 3 products." in driver.find_element(By.ID, "renewals-report").text
    warranty = {row.find_element(By.CSS_SELECTOR, "td a").text + "|" + row.find_elements(By.TAG_NAME, "td")[1].text.split("\n")[-1]:
                row.find_element(By.CSS_SELECTOR, "td.warranty").text for row in driver.find_elements(By.CSS_SELECTOR, "#renewals tbody tr")}
    assert warranty["keller.example|Web hosting"] == "on" and warranty["keller.example|Domain"] == "on"
    assert warranty["NAS Atelier|NAS Synology"] == "on"
    screenshot(driver, "renewals-warranty-on")
