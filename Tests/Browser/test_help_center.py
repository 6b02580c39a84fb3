"""A visitor finds a guide in the help center: results while typing a misspelled question, the guide, a vote."""
from conftest import fits_a_phone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_organizations import click_and_wait


def test_search_with_a_typo_open_the_guide_and_vote(server, browser_factory, screenshot):
    visitor = browser_factory()
    visitor.get(server.url + "/help/es")
    assert visitor.find_element(By.TAG_NAME, "h1").text == "Centro de ayuda"

    # Typing a question with a typo ("canbio") and without accents lists the right guide while typing.
    box = visitor.find_element(By.ID, "help-q")
    box.send_keys("como canbio mi contrasena")
    suggestions = WebDriverWait(visitor, 10).until(
        lambda d: [a for a in d.find_elements(By.CSS_SELECTOR, "#help-suggestions a") if a.is_displayed()])
    assert any("/help/es/articles/change-password" in a.get_attribute("href") for a in suggestions)
    screenshot(visitor, "help-suggestions")

    # Submitting shows the results page with the matched words highlighted; the guide opens from there.
    click_and_wait(visitor, visitor.find_element(By.CSS_SELECTOR, "#help-search button[type=submit]"))
    links = visitor.find_elements(By.CSS_SELECTOR, "#results li a.result-title")
    guide = [a for a in links if "/help/es/articles/change-password" in a.get_attribute("href")][0]
    assert [m.text for m in guide.find_elements(By.TAG_NAME, "mark")] == ["Cambiar", "contraseña"]
    click_and_wait(visitor, guide)
    assert visitor.find_element(By.TAG_NAME, "h1").text == "Cambiar su contraseña"
    assert visitor.find_element(By.CSS_SELECTOR, ".toc")
    screenshot(visitor, "help-article")
    # On a phone too, with a table of who may do what, in the language with the longest words.
    fits_a_phone(visitor, visitor.current_url, server.url + "/help/it/articles/organization-roles")

    # "Was this helpful?" — yes.
    visitor.find_element(By.ID, "helpful-yes").click()
    click_and_wait(visitor, visitor.find_element(By.ID, "feedback-submit"))
    WebDriverWait(visitor, 10).until(EC.presence_of_element_located((By.ID, "feedback-thanks")))


def test_the_editor_preview_follows_typing(server, browser_factory, screenshot):
    from conftest import staff_sign_in
    editor = browser_factory()
    staff_sign_in(editor, server)
    editor.get(server.url + "/staff/help/articles/new")
    body = editor.find_element(By.ID, "body")
    body.send_keys("## Antes de empezar\n\n1. Abra [su perfil](console:profile).\n\n> [!WARNING]\n> No se puede deshacer.")
    WebDriverWait(editor, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#preview aside.callout-warning"))
    preview = editor.find_element(By.ID, "preview")
    assert preview.find_element(By.TAG_NAME, "h2").text == "Antes de empezar"
    assert preview.find_element(By.CSS_SELECTOR, "ol a").get_attribute("href").endswith("/profile")
    screenshot(editor, "help-editor-preview")
