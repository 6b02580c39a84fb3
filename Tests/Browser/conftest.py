"""Fixtures for the browser tests: a real SMTP server, a real `kontor serve`, a real headless Chromium."""
import base64
import email
import email.policy
import hashlib
import hmac
import json
import os
import struct
import pathlib
import re
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
STAFF_EMAIL = "erika@staff.browser.test"
STAFF_PASSWORD = "lighthouse keeper on a quiet island"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=20, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


class Mailbox:
    """Debian's aiosmtpd writing every message it receives into a Maildir."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = pathlib.Path(folder)
        self.process = subprocess.Popen(
            ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
             "-c", "aiosmtpd.handlers.Mailbox", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def messages_to(self, address):
        found = []
        for path in sorted((self.folder / "new").glob("*")) if (self.folder / "new").exists() else []:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            # The address itself, not a substring of another ("lena@…" is in "elena@…").
            if address.lower() in (recipient.addr_spec.lower() for recipient in message["To"].addresses):
                found.append(message)
        return found

    def link(self, address, path):
        """The newest link to `path` in a message to `address`, waiting for the worker to deliver it."""
        def newest():
            for message in reversed(self.messages_to(address)):
                text = message.get_body(preferencelist=("plain",)).get_content()
                match = re.search(r"https?://\S+" + re.escape(path) + r"\S*", text)
                if match:
                    return match.group(0)
            return None
        return wait_for(newest, message=f"a {path} link mailed to {address}")


def fits_a_phone(driver, *urls):
    """Asserts that each page (the current one when no URL is given) fits a 360 px phone without sideways
    scrolling, then gives the window its size back (issue 11 §1: design for 360 px first)."""
    size = driver.get_window_size()
    driver.set_window_size(360, 740)
    try:
        for url in urls or (None,):
            if url:
                driver.get(url)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= driver.execute_script("return window.innerWidth") + 1, f"{driver.current_url} is {width} px wide on a phone"
    finally:
        driver.set_window_size(size["width"], size["height"])


def absent(driver, by, value):
    """True when the page has no such element, asked without the implicit wait (which would spend it waiting)."""
    driver.implicitly_wait(0)
    try:
        return not driver.find_elements(by, value)
    finally:
        driver.implicitly_wait(2)


def totp(key, at=None):
    """RFC 6238 with SHA-1, 30-second steps, 6 digits: what an authenticator app computes."""
    compact = key.replace(" ", "")
    secret = base64.b32decode(compact + "=" * (-len(compact) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def fresh_totp(key, used_steps):
    """A code from a time step later than any used yet (a used or older step is refused as a replay).

    The server accepts one step of clock drift either side, so when the current step is spent this is the next
    step's code — what a phone whose clock runs a little ahead shows — and only after that does it wait.
    """
    while True:
        current = int(time.time() // 30)
        last = max(used_steps, default=-1)
        for step in (current, current + 1):
            if step > last:
                used_steps.add(step)
                return totp(key, at=step * 30 + 1)
        time.sleep(0.5)


def last_sms_code(server):
    """The six-digit code of the newest text message, as the phone would show it."""
    def newest():
        if not server.sms_file.exists():
            return None
        lines = server.sms_file.read_text().strip().splitlines()
        return json.loads(lines[-1])["text"].split(" ")[0] if lines else None
    return wait_for(newest, message="an SMS")


class Server:
    def __init__(self, binary, mailbox, workdir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update({
            "KONTOR_PORT": str(self.port), "KONTOR_HOST": "127.0.0.1", "KONTOR_PUBLIC_URL": self.url,
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mailbox.port), "KONTOR_MAIL_POLL_SECONDS": "1",
            "KONTOR_DATABASE_PATH": str(pathlib.Path(workdir) / "kontor.sqlite"),
            "KONTOR_SECRET_KEY": os.urandom(32).hex(),
            # The development SMS transport: each text becomes one JSON line the tests can read.
            "KONTOR_SMS_FILE": str(pathlib.Path(workdir) / "sms.jsonl"),
        })
        self.sms_file = pathlib.Path(workdir) / "sms.jsonl"
        self.staff_key = None  # the staff administrator's authenticator key, once set up
        if "DATABASE_URL" in os.environ:
            schema = "browser_" + uuid.uuid4().hex
            subprocess.run(["psql", os.environ["DATABASE_URL"], "-q", "-c", f"CREATE SCHEMA {schema}"], check=True)
            env["KONTOR_DATABASE_SCHEMA"] = schema
        self.log = open(pathlib.Path(workdir) / "server.log", "w")
        # The help center's own guides and the specification seed's guides, as an operator would load them.
        subprocess.run([binary, "help-import"], env=env, cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT, check=True)
        seed = ROOT.parent / "shared" / "seeds" / "000_6f7a77ba93293df4.txt"
        if seed.exists():
            subprocess.run([binary, "help-import-seed", str(seed)], env=env, cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT, check=True)
        admin_env = dict(env, KONTOR_ADMIN_PASSWORD=STAFF_PASSWORD)
        subprocess.run([binary, "create-admin", "--email", STAFF_EMAIL, "--name", "Erika Editor"], env=admin_env, cwd=workdir,
                       stdout=self.log, stderr=subprocess.STDOUT, check=True)
        self.binary, self.env, self.workdir = binary, env, workdir
        self.process = subprocess.Popen([binary, "serve"], env=env, cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT)

        def healthy():
            try:
                return urllib.request.urlopen(self.url + "/health", timeout=1).status == 200
            except OSError:
                return False
        wait_for(healthy, timeout=60, message="kontor serve to answer /health")


    def command(self, *arguments):
        """Runs a `kontor` command against the same database, as an operator would; returns what it printed."""
        done = subprocess.run([self.binary, *arguments], env=self.env, cwd=self.workdir, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


STAFF_USED_STEPS = set()


STAFF_COOKIES = []


def staff_sign_in(driver, server):
    """Signs the staff administrator in: password, then the authenticator app (set up at the very first sign-in).

    A code is accepted once per 30-second step, so a second full sign-in waits up to 30 s for a fresh one. After the
    first full sign-in (which the first test using it goes through, enrolment included), later tests reuse that
    signed-in session's cookie, as a second tab of the same browser would; if the session is gone they sign in again.
    """
    from selenium.webdriver.common.by import By
    from test_organizations import click_and_wait
    driver.get(server.url + "/staff/sign-in")
    if STAFF_COOKIES:
        for cookie in STAFF_COOKIES:
            driver.add_cookie(cookie)
        driver.get(server.url + "/staff")
        if driver.current_url.rstrip("/").endswith("/staff"):
            return
        driver.delete_all_cookies()
        driver.get(server.url + "/staff/sign-in")
    driver.find_element(By.ID, "email").send_keys(STAFF_EMAIL)
    driver.find_element(By.ID, "password").send_keys(STAFF_PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "staff-sign-in-submit"))
    if "/staff/sign-in/two-factor-setup" in driver.current_url:
        server.staff_key = driver.find_element(By.ID, "totp-secret").text
        driver.find_element(By.ID, "code").send_keys(fresh_totp(server.staff_key, STAFF_USED_STEPS))
        click_and_wait(driver, driver.find_element(By.ID, "enrol-submit"))
    else:
        assert "/staff/sign-in/two-factor" in driver.current_url, driver.current_url
        driver.find_element(By.ID, "code").send_keys(fresh_totp(server.staff_key, STAFF_USED_STEPS))
        click_and_wait(driver, driver.find_element(By.ID, "staff-second-factor-submit"))
    assert driver.current_url.rstrip("/").endswith("/staff"), driver.current_url
    STAFF_COOKIES[:] = [{key: cookie[key] for key in ("name", "value", "path") if key in cookie}
                        for cookie in driver.get_cookies()]


@pytest.fixture(scope="session")
def binary():
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    path = pathlib.Path(bin_path) / "kontor"
    assert path.exists(), "build Kontor first (scripts/test does)"
    return str(path)


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="kontor-browser-") as folder:
        yield folder


@pytest.fixture(scope="session")
def mailbox(workdir):
    box = Mailbox(pathlib.Path(workdir) / "maildir")
    yield box
    box.process.kill()


@pytest.fixture(scope="session")
def server(binary, mailbox, workdir, request):
    running = Server(binary, mailbox, workdir)
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)
    if request.session.testsfailed:
        # The temporary folder goes with the session: show what the server said while a test failed.
        running.log.flush()
        lines = (pathlib.Path(workdir) / "server.log").read_text(errors="replace").splitlines()
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line("--- kontor serve, last 80 lines ---")
        for line in lines[-80:]:
            reporter.write_line(line)


@pytest.fixture
def browser_factory(tmp_path_factory):
    drivers = []
    # Chromium leaves a scratch folder (org.chromium.Chromium.*) in $TMPDIR for every browser it starts, even after
    # quit(): a run of the suite left hundreds in /tmp. Each browser gets a TMPDIR of pytest's own, which pytest prunes.
    scratch = tmp_path_factory.mktemp("chromium")

    def make():
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en"):
            options.add_argument(flag)
        service = Service("/usr/bin/chromedriver", env={**os.environ, "TMPDIR": str(scratch)})
        driver = webdriver.Chrome(service=service, options=options)
        driver.implicitly_wait(2)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.quit()


@pytest.fixture
def screenshot():
    """Saves a screenshot when KONTOR_SCREENSHOTS names a folder, so a person can look at the pages."""
    folder = os.environ.get("KONTOR_SCREENSHOTS")

    def take(driver, name):
        if folder:
            pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(pathlib.Path(folder) / f"{name}.png"))
    return take
