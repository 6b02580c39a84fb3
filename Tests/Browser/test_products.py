"""Products in a real browser: Renewal Warranty for all products at once (the select-all box is JavaScript), switching a
site's MySQL prefix off (read the warning and the names, confirm), and a support access limited to one product, seen
from the staff console."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import absent, fits_a_phone, staff_sign_in
from test_organizations import click_and_wait, sign_in, sign_up


def test_products_renewal_warranty_mysql_prefix_and_access_to_one_product(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    sign_up(driver, server, mailbox, "Pia Brunner", "pia@browser.test")
    # The provider's provisioning puts three products into Pia's organization.
    server.command("add-product", "--owner", "pia@browser.test", "--kind", "web_hosting", "--name", "brunner.example",
                   "--renews", "2027-03-31", "--server-prefix", "wxyz", "--mysql-prefix", "--databases", "mabase",
                   "--database-users", "monuser")
    server.command("add-product", "--owner", "pia@browser.test", "--kind", "domain", "--name", "brunner.example", "--renews", "2027-03-31")
    server.command("add-product", "--owner", "pia@browser.test", "--kind", "nas_synology", "--name", "NAS Büro", "--renews", "2027-09-30")
    sign_in(driver, server, "pia@browser.test")
    assert "brunner.example" in driver.find_element(By.ID, "console-products").text

    # All products at once: the box at the top of the column ticks every product.
    click_and_wait(driver, driver.find_element(By.ID, "nav-products"))
    select_all = driver.find_element(By.ID, "select-all-products")
    assert select_all.is_displayed(), "the select-all box is shown once JavaScript runs"
    select_all.click()
    assert all(box.is_selected() for box in driver.find_elements(By.CSS_SELECTOR, "input.select-product"))
    screenshot(driver, "products")
    click_and_wait(driver, driver.find_element(By.ID, "bulk-on"))
    report = driver.find_element(By.ID, "bulk-report").text
    # After purchase the NAS takes Renewal Warranty like every product (the seed leaves it out only when ordering).
    assert "switched on for 3 products." in report and "does not offer" not in report
    rows = {row.find_elements(By.TAG_NAME, "td")[2].text: row.text for row in driver.find_elements(By.CSS_SELECTOR, "#products tbody tr")}
    assert rows["NAS Synology"].endswith("on") and rows["Web hosting"].endswith("on")

    # The site's MySQL prefix (seed guide "Prefijo MySQL"): the site was migrated from an older offer, so the option is
    # on and the page recommends switching it off. Switching it off shows the warning and the names first; only the
    # confirmation switches it.
    click_and_wait(driver, [a for a in driver.find_elements(By.CSS_SELECTOR, "#products a") if a.text == "brunner.example"][0])
    click_and_wait(driver, [a for a in driver.find_elements(By.CSS_SELECTOR, "#site-list a") if a.text == "brunner.example"][0])
    assert "migrated from an older offer" in driver.find_element(By.ID, "prefix-recommendation").text
    switch = driver.find_element(By.ID, "mysql-prefix")
    assert switch.is_selected()
    switch.click()
    click_and_wait(driver, driver.find_element(By.ID, "php-settings-save"))
    assert "configuration files" in driver.find_element(By.ID, "prefix-off-warning").text
    names = driver.find_element(By.ID, "confirm-names").text
    assert "mabase wxyz_mabase" in names and "monuser wxyz_monuser" in names
    screenshot(driver, "site-mysql-prefix-confirm")
    assert driver.find_element(By.ID, "mysql-prefix").is_selected(), "nothing switched before the confirmation"
    click_and_wait(driver, driver.find_element(By.ID, "confirm-prefix-off-button"))
    assert not driver.find_element(By.ID, "mysql-prefix").is_selected()
    assert absent(driver, By.ID, "prefix-recommendation")
    rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#mysql-names tbody tr")]
    assert any(row.endswith("wxyz_mabase") for row in rows), rows
    screenshot(driver, "site-mysql-prefix-off")
    fits_a_phone(driver)
    click_and_wait(driver, driver.find_element(By.ID, "nav-products"))

    # Billing addresses: a mistake is named next to its field; the first address is the default, a second one is
    # chosen for the hosting's renewals.
    click_and_wait(driver, driver.find_element(By.ID, "nav-settings"))
    click_and_wait(driver, driver.find_element(By.ID, "billing-addresses-link"))
    for field, value in (("ba-name", "Brunner AG"), ("ba-street", "Bahnhofstrasse"), ("ba-building", "1"), ("ba-town", "Zürich")):
        driver.find_element(By.ID, field).send_keys(value)
    click_and_wait(driver, driver.find_element(By.ID, "billing-address-submit"))
    assert driver.find_element(By.ID, "ba-postcode-error").text, "the missing postcode is named"
    assert driver.find_element(By.ID, "ba-street").get_attribute("value") == "Bahnhofstrasse"
    driver.find_element(By.ID, "ba-postcode").send_keys("8001")
    click_and_wait(driver, driver.find_element(By.ID, "billing-address-submit"))
    for field, value in (("ba-name", "Treuhand Muster"), ("ba-street", "Seestrasse"), ("ba-building", "9"), ("ba-postcode", "8002"),
                         ("ba-town", "Zürich"), ("ba-email", "rechnungen@treuhand.example")):
        driver.find_element(By.ID, field).send_keys(value)
    click_and_wait(driver, driver.find_element(By.ID, "billing-address-submit"))
    assert "Treuhand Muster" in driver.find_element(By.ID, "billing-addresses").text
    screenshot(driver, "billing-addresses")
    click_and_wait(driver, driver.find_element(By.ID, "nav-products"))
    click_and_wait(driver, [a for a in driver.find_elements(By.CSS_SELECTOR, "#products a") if a.text == "brunner.example"][0])
    assert "Brunner AG" in driver.find_element(By.ID, "billed-to").text
    Select(driver.find_element(By.ID, "billing-address")).select_by_visible_text("Treuhand Muster, Seestrasse 9, 8002 Zürich")
    click_and_wait(driver, driver.find_element(By.ID, "billing-address-save"))
    assert "Treuhand Muster" in driver.find_element(By.ID, "billed-to").text

    # Support access to the domain only, allowed to change settings.
    click_and_wait(driver, driver.find_element(By.ID, "nav-settings"))
    choice = Select(driver.find_element(By.ID, "grant-product"))
    choice.select_by_visible_text("brunner.example (Domain)")
    driver.find_element(By.ID, "grant-can-change").click()
    click_and_wait(driver, driver.find_element(By.ID, "grant-submit"))
    assert "only the product brunner.example" in driver.find_element(By.ID, "support-grants").text
    fits_a_phone(driver)

    staff = browser_factory()
    staff_sign_in(staff, server)
    click_and_wait(staff, staff.find_element(By.ID, "nav-staff-grants"))
    click_and_wait(staff, staff.find_element(By.CSS_SELECTOR, "#staff-grants a"))
    assert absent(staff, By.ID, "grant-members"), "an access to one product shows no members"
    links = staff.find_elements(By.CSS_SELECTOR, "#grant-products a")
    assert [a.text for a in links] == ["brunner.example"]
    click_and_wait(staff, links[0])
    assert absent(staff, By.ID, "mysql-prefix"), "a domain has no MySQL prefix"
    staff.find_element(By.ID, "renewal-warranty").click()  # it was on; support switches it off
    click_and_wait(staff, staff.find_element(By.ID, "grant-product-save"))
    assert "off" in staff.find_element(By.ID, "renewal-warranty-state").text
    screenshot(staff, "staff-grant-product")

    # Pia sees what support did.
    driver.refresh()
    actions = driver.find_element(By.ID, "support-actions").text
    assert "switched Renewal Warranty off for “brunner.example”" in actions and "viewed the product" in actions
