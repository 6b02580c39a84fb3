"""The frame on a phone and on a laptop: the help window opens on the screen wherever the header wrapped its button
to, so the support code and the contacts can be read (issue 11 §1), and tick boxes are big enough for a finger."""
from selenium.webdriver.common.by import By

from test_organizations import click_and_wait, sign_in, sign_up

WINDOW_BOX = """
const box = document.querySelector('#help-panel .help-window').getBoundingClientRect();
return [box.left, box.right, box.top, box.bottom, window.innerWidth, window.innerHeight];
"""


def open_help_window(driver):
    button = driver.find_element(By.ID, "help-button")
    button.click()
    code = driver.find_element(By.CSS_SELECTOR, "[data-testid=help-support-code]")
    return code


def test_help_window_stays_on_screen_on_a_phone_and_in_long_spanish_headers(server, mailbox, browser_factory, screenshot):
    driver = browser_factory()
    sign_up(driver, server, mailbox, "Lucía Fernández", "lucia@browser.test")
    server.command("add-product", "--owner", "lucia@browser.test", "--kind", "domain", "--name", "fernandez.example",
                   "--renews", "2027-03-31")
    sign_in(driver, server, "lucia@browser.test")
    driver.get(server.url + "/console?lang=es")  # the longest navigation labels of the five languages

    for width, height in ((360, 740), (768, 1024), (1280, 900)):
        driver.set_window_size(width, height)
        driver.get(server.url + "/console")
        code = open_help_window(driver)
        left, right, top, bottom, inner_width, inner_height = driver.execute_script(WINDOW_BOX)
        assert left >= 0 and right <= inner_width, f"at {width} px the help window spans {left:.0f}–{right:.0f} of {inner_width}"
        assert top >= 0 and top < inner_height, f"at {width} px the help window starts at {top:.0f}"
        assert code.is_displayed() and code.text.replace(" ", "").isdigit(), "the support code can be read"
        # The button that opened the window still closes it: the window does not cover it.
        driver.find_element(By.ID, "help-button").click()
        assert not code.is_displayed()
        screenshot(driver, f"help-window-{width}")

    # A phone: the page is not wider than the screen, and the products' tick boxes are at least 20 px.
    driver.set_window_size(360, 740)
    click_and_wait(driver, driver.find_element(By.ID, "nav-products"))
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling"
    box = driver.find_element(By.CSS_SELECTOR, "input.select-product")
    assert box.size["width"] >= 20 and box.size["height"] >= 20, box.size
    screenshot(driver, "products-360")

    # The header is two rows, not a quarter of the screen, and every link of its navigation can still be reached
    # (the row scrolls sideways): the last one, signing out, comes into view and is not covered.
    header = driver.execute_script("return document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= 0.2 * 740, f"the header takes {header:.0f} px of 740"
    sign_out = driver.find_element(By.ID, "sign-out")
    driver.execute_script("arguments[0].scrollIntoView({inline: 'nearest', block: 'nearest'})", sign_out)
    left, right = driver.execute_script("const b = arguments[0].getBoundingClientRect(); return [b.left, b.right]", sign_out)
    assert 0 <= left and right <= 360, f"sign out at {left:.0f}–{right:.0f}"
    assert driver.execute_script(
        "const b = arguments[0].getBoundingClientRect();"
        "return document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2) === arguments[0]", sign_out), "nothing covers it"

    # Every column of the products table is on the screen, Renewal Warranty included, each value under its name;
    # and the box that selects all products is above them with its label.
    cell = driver.find_element(By.CSS_SELECTOR, "#products tbody tr td.warranty")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    left, right = driver.execute_script("const b = arguments[0].getBoundingClientRect(); return [b.left, b.right]", cell)
    assert cell.is_displayed() and 0 <= left and right <= 360, f"the Renewal Warranty value spans {left:.0f}–{right:.0f}"
    label = driver.execute_script("return getComputedStyle(arguments[0], '::before').content", cell)
    assert "Renewal Warranty" in label, label
    assert driver.execute_script("const w = document.getElementById('products').parentElement; return w.scrollWidth <= w.clientWidth + 1"), \
        "the products table does not scroll sideways"
    select_all = driver.find_element(By.ID, "select-all-products")
    assert select_all.is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, "label[for=select-all-products]").is_displayed()
    screenshot(driver, "products-360-table")

    # The renewals page reads the same way.
    driver.get(server.url + "/console")
    click_and_wait(driver, driver.find_element(By.ID, "nav-products"))
    click_and_wait(driver, driver.find_element(By.ID, "renewals-link"))
    cell = driver.find_element(By.CSS_SELECTOR, "#renewals tbody tr td.warranty")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    right = driver.execute_script("return arguments[0].getBoundingClientRect().right", cell)
    assert cell.is_displayed() and right <= 360, f"the renewals page's Renewal Warranty value ends at {right:.0f}"
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling"
    for table in ("renewals",):
        assert driver.execute_script(
            "const w = document.getElementById(arguments[0]).parentElement; return w.scrollWidth <= w.clientWidth + 1", table), \
            f"the {table} table does not scroll sideways either"
    screenshot(driver, "renewals-360")
