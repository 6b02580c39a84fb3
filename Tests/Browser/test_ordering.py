"""Ordering in a real browser: staff put a hosting plan in the catalog and credit the customer's prepaid account; the
customer orders the plan, pays the order's invoice from the balance with one click and sees the product active."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import staff_sign_in
from test_organizations import click_and_wait, sign_in, sign_up


def test_order_a_product_pay_it_from_the_balance_and_see_it_active(server, mailbox, browser_factory, screenshot):
    customer = browser_factory()
    sign_up(customer, server, mailbox, "Nina Brunner", "nina@browser.test")
    sign_in(customer, server, "nina@browser.test")
    click_and_wait(customer, customer.find_element(By.ID, "nav-settings"))
    click_and_wait(customer, customer.find_element(By.ID, "billing-addresses-link"))
    for field, value in (("ba-name", "Brunner Design"), ("ba-street", "Marktgasse"), ("ba-building", "9"), ("ba-postcode", "3011"), ("ba-town", "Bern")):
        customer.find_element(By.ID, field).send_keys(value)
    click_and_wait(customer, customer.find_element(By.ID, "billing-address-submit"))
    click_and_wait(customer, customer.find_element(By.ID, "nav-invoices"))
    customer_number = customer.find_element(By.ID, "customer-number").text.split()[-1]

    # Staff add a hosting plan with a yearly price, then credit Nina's prepaid account with 200 francs.
    staff = browser_factory()
    staff_sign_in(staff, server)
    click_and_wait(staff, staff.find_element(By.ID, "nav-staff-catalog"))
    Select(staff.find_element(By.ID, "ci-kind")).select_by_value("web_hosting")
    staff.find_element(By.ID, "ci-name").send_keys("Web hosting Starter")
    staff.find_element(By.ID, "ci-price-amount").send_keys("99.00")
    click_and_wait(staff, staff.find_element(By.ID, "catalog-create"))
    assert "CHF 99.00" in staff.find_element(By.ID, "catalog-prices").text
    screenshot(staff, "staff-catalog-item")
    click_and_wait(staff, staff.find_element(By.ID, "nav-staff-billing"))
    staff.find_element(By.ID, "sp-customer").send_keys(customer_number)
    staff.find_element(By.ID, "sp-amount").send_keys("200.00")
    staff.find_element(By.ID, "sp-reason").send_keys("Advance payment")
    click_and_wait(staff, staff.find_element(By.CSS_SELECTOR, "#staff-prepaid button[type=submit]"))

    # Nina orders the plan: period and address preselected, Renewal Warranty ticked.
    click_and_wait(customer, customer.find_element(By.ID, "nav-products"))
    click_and_wait(customer, customer.find_element(By.ID, "order-product"))
    assert "CHF 99.00" in customer.find_element(By.ID, "catalog").text
    click_and_wait(customer, customer.find_element(By.CSS_SELECTOR, "#catalog a.button"))
    assert "Brunner Design" in Select(customer.find_element(By.ID, "order-address")).first_selected_option.text
    customer.find_element(By.ID, "order-renewal-warranty").click()
    screenshot(customer, "order-form")
    click_and_wait(customer, customer.find_element(By.ID, "order-submit"))
    assert customer.find_element(By.ID, "order-status").text == "Awaiting payment"
    assert "CHF 107.02" in customer.find_element(By.ID, "order-invoice").text  # 99.00 + 8.1 % VAT
    screenshot(customer, "order-awaiting-payment")

    click_and_wait(customer, customer.find_element(By.ID, "order-pay-now"))
    assert customer.find_element(By.ID, "order-status").text == "Active"
    assert customer.find_element(By.ID, "order-paid").is_displayed()
    click_and_wait(customer, customer.find_element(By.ID, "nav-products"))
    table = customer.find_element(By.ID, "products").text
    assert "Web hosting Starter" in table and "Awaiting payment" not in table
    screenshot(customer, "product-active")
