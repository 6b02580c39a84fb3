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
