"""Billing in a real browser: staff issue an invoice and import a bank statement and read its summary; the customer
opens the invoice, sees its QR-bill and pays it from the prepaid balance the statement filled."""
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import fits_a_phone, staff_sign_in
from test_organizations import click_and_wait, sign_in, sign_up

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>BROWSER-1</MsgId><CreDtTm>2026-12-01T18:00:00+01:00</CreDtTm><AddtlInf>SPS/2.0/PROD</AddtlInf></GrpHdr>
<Ntfctn><Id>BROWSER-1-1</Id><CreDtTm>2026-12-01T18:00:00+01:00</CreDtTm><Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct>
<Ntry><Amt Ccy="CHF">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-12-01</Dt></BookgDt><ValDt><Dt>2026-12-01</Dt></ValDt><AcctSvcrRef>BROWSER-E1</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><AcctSvcrRef>BROWSER-T1</AcctSvcrRef></Refs><Amt Ccy="CHF">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<RltdPties><Dbtr><Pty><Nm>Lea Keller</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""


def test_invoice_qr_bill_statement_import_and_payment_from_balance(server, mailbox, browser_factory, screenshot):
    customer = browser_factory()
    sign_up(customer, server, mailbox, "Lea Keller", "lea@browser.test")
    sign_in(customer, server, "lea@browser.test")
    # A billing address, then the customer number and the standing-order reference the prepaid page shows.
    click_and_wait(customer, customer.find_element(By.ID, "nav-settings"))
    click_and_wait(customer, customer.find_element(By.ID, "billing-addresses-link"))
    for field, value in (("ba-name", "Keller GmbH"), ("ba-street", "Seestrasse"), ("ba-building", "4"), ("ba-postcode", "8002"), ("ba-town", "Zürich")):
        customer.find_element(By.ID, field).send_keys(value)
    click_and_wait(customer, customer.find_element(By.ID, "billing-address-submit"))
    click_and_wait(customer, customer.find_element(By.ID, "nav-invoices"))
    assert customer.find_element(By.ID, "no-invoices")
    customer_number = customer.find_element(By.ID, "customer-number").text.split()[-1]
    click_and_wait(customer, customer.find_element(By.ID, "prepaid-link"))
    top_up = customer.find_element(By.CSS_SELECTOR, "#top-up-CHF .top-up-reference").text.replace(" ", "")
    assert len(top_up) == 27, top_up

    # Staff issue an invoice and import the statement in which Lea's standing order paid 250 francs.
    staff = browser_factory()
    staff_sign_in(staff, server)
    click_and_wait(staff, staff.find_element(By.ID, "nav-staff-billing"))
    staff.find_element(By.ID, "si-customer").send_keys(customer_number)
    staff.find_element(By.NAME, "description[]").send_keys("Website migration")
    staff.find_elements(By.NAME, "unit_price[]")[0].send_keys("180.00")
    click_and_wait(staff, staff.find_element(By.CSS_SELECTOR, "#staff-invoice button[type=submit]"))
    statement = os.path.join(tempfile.mkdtemp(), "camt054-browser.xml")
    with open(statement, "w", encoding="utf-8") as file:
        file.write(CAMT.format(reference=top_up))
    staff.find_element(By.ID, "statement").send_keys(statement)
    click_and_wait(staff, staff.find_element(By.ID, "statement-submit"))
    assert staff.find_element(By.ID, "summary-prepaid").text == "1"
    assert staff.find_element(By.ID, "summary-transactions").text == "1"
    screenshot(staff, "staff-statement-summary")

    # The customer opens the invoice: lines, VAT, the QR-bill; then pays it from the balance.
    click_and_wait(customer, customer.find_element(By.ID, "nav-invoices"))
    click_and_wait(customer, customer.find_element(By.CSS_SELECTOR, "a.invoice-link"))
    assert "Website migration" in customer.find_element(By.ID, "invoice-lines").text
    assert customer.find_element(By.CSS_SELECTOR, "#qr-bill svg").is_displayed()
    assert customer.find_element(By.ID, "invoice-total").text == "CHF 194.58"
    screenshot(customer, "invoice-with-qr-bill")
    click_and_wait(customer, customer.find_element(By.ID, "pay-from-balance-button"))
    assert customer.find_element(By.ID, "invoice-status").text == "Paid"
    click_and_wait(customer, customer.find_element(By.ID, "nav-invoices"))
    click_and_wait(customer, customer.find_element(By.ID, "prepaid-link"))
    assert "CHF 55.42" in customer.find_element(By.ID, "prepaid-balances").text
    screenshot(customer, "prepaid-account")
    # The same pages on a phone: the invoice list, the invoice with its lines and QR-bill, the prepaid movements.
    invoices = customer.current_url.rsplit("/", 1)[0] + "/invoices"
    customer.get(invoices)
    invoice = customer.find_element(By.CSS_SELECTOR, "a.invoice-link").get_attribute("href")
    fits_a_phone(customer, invoices, invoice, invoices.rsplit("/", 1)[0] + "/prepaid-account")

    # Staff find Lea by her name, not her number, and see on her page who she is and that she owes nothing.
    click_and_wait(staff, staff.find_element(By.ID, "nav-staff-customers"))
    staff.find_element(By.ID, "cs-query").send_keys("keller lea")
    click_and_wait(staff, staff.find_element(By.ID, "cs-submit"))
    assert staff.find_element(By.ID, "customer-results-line").text == "1 customer found."
    click_and_wait(staff, staff.find_element(By.CSS_SELECTOR, "#customer-results a"))
    assert "lea@browser.test" in staff.find_element(By.ID, "customer-member-list").text
    assert staff.find_element(By.ID, "customer-owed").text == "No unpaid invoice."
    assert "CHF 55.42" in staff.find_element(By.ID, "customer-balances").text
    screenshot(staff, "staff-customer-page")
    fits_a_phone(staff)
