#!/usr/bin/env python3
"""The contract test: schemathesis against a real `kontor serve` and the contract it serves.

Starts the server on a free port with a throw-away SQLite file (or, when DATABASE_URL is set, a schema of its own in
that PostgreSQL database, dropped afterwards), signs a customer up through the API, confirms the
address from the logged e-mail, gives the organization a product, opens session tokens, then runs schemathesis
(every check, fixed seed, bounded examples) against /api/v1/openapi.yaml. Operations that end the caller's own
session run last, each with a token of its own, so they cannot sign the other operations out mid-run. The staff API
(`/staff/…`) runs on its own with a staff token, made as a person makes one: `kontor create-admin`, the staff sign-in
with the authenticator set up from the page's key, then the console's "API tokens" page.
Exits 1 on any failure. Usage: contract_test.py --binary .build/debug/kontor [--seed N] [--max-examples N]
"""
import argparse
import base64
import collections
import hashlib
import hmac
import http.cookiejar
import json
import os
import pathlib
import re
import socket
import subprocess
import struct
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

CONFIG = pathlib.Path(__file__).with_name("schemathesis.toml")
EMAIL = "contract@example.test"
PASSWORD = "quiet harbour lantern 4711"
DEFAULT_SEED = 20261203
SCHEMATHESIS_VERSION = "4.32.5"  # also pinned in .ci/run and the README

STAFF_EMAIL = "contract-staff@example.test"
STAFF_PASSWORD = "quiet harbour lantern 4712"

# Each run gets a fresh token. The next two end the session they are called with (directly, or through the link
# schemathesis infers from GET /me/sessions to DELETE /me/sessions/{sessionID}); the one after them ends every other
# session, so it runs when the other customer runs are done. The staff API takes a staff token only (a customer token
# is 401 there), so it runs on its own, with one.
SESSION_ENDING = ["DELETE /me/sessions/{sessionID}", "DELETE /sessions/current", "DELETE /me/sessions"]
STAFF_PATHS = "^/staff/"
RUNS = [
    # (title, schemathesis filter arguments, which token)
    ("everything else", [arg for name in SESSION_ENDING for arg in ("--exclude-name", name)] + ["--exclude-path-regex", STAFF_PATHS], "customer"),
    ("ending a session by id", ["--include-name", "GET /me/sessions", "--include-name", "DELETE /me/sessions/{sessionID}"], "customer"),
    ("signing out", ["--include-name", "DELETE /sessions/current"], "customer"),
    ("ending every other session", ["--include-name", "DELETE /me/sessions"], "customer"),
    ("the staff API", ["--include-path-regex", STAFF_PATHS], "staff"),
]


def require(condition, message):
    if not condition:
        raise SystemExit(f"contract test: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit(f"contract test: timed out waiting for {what}")


def call(base, method, path, body=None, token=None):
    """(status, parsed JSON or None) of one API call; no redirects followed."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, None


class FormBrowser:
    """Pages and forms as a browser sends them: cookies kept, each form posted with the `_csrf` token of its page."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def page(self, path, form=None):
        """(status, HTML, Location) of a GET, or of a POST of `form`."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, method="POST" if form is not None else "GET")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location")

    @staticmethod
    def between(text, start, end):
        found = re.search(re.escape(start) + "(.*?)" + re.escape(end), text, re.S)
        require(found, f"the page lacks {start!r}")
        return found.group(1)

    def post(self, path, form):
        """Opens the page at `path`, then posts `form` to it with that page's form token."""
        _, html, _ = self.page(path)
        return self.page(path, dict(form, _csrf=self.between(html, 'name="_csrf" value="', '"')))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    """`kontor serve` on a free port with a database of its own: a temporary SQLite file, or a new schema in the
    PostgreSQL database of DATABASE_URL when that is set. Mail goes to its log (no SMTP configured)."""

    def __init__(self, binary, workdir):
        self.binary, self.workdir = binary, pathlib.Path(workdir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {name: value for name, value in os.environ.items()
                    if not name.startswith(("KONTOR_", "SMTP_")) and name != "DATABASE_URL"}
        self.env.update({
            "KONTOR_DATABASE_PATH": str(self.workdir / "kontor.sqlite"),
            "KONTOR_HOST": "127.0.0.1", "KONTOR_PORT": str(self.port), "KONTOR_PUBLIC_URL": self.url,
            "KONTOR_SECRET_KEY": os.urandom(32).hex(), "KONTOR_MAIL_POLL_SECONDS": "1",
            "KONTOR_SMS_FILE": str(self.workdir / "sms.jsonl"),
        })
        self.database_url, self.schema = os.environ.get("DATABASE_URL"), None
        if self.database_url:
            self.schema = "contract_" + os.urandom(6).hex()
            subprocess.run(["psql", self.database_url, "-q", "-c", f"CREATE SCHEMA {self.schema}"], check=True)
            self.env.update({"DATABASE_URL": self.database_url, "KONTOR_DATABASE_SCHEMA": self.schema})
        self.database = f"PostgreSQL schema {self.schema}" if self.schema else "SQLite"
        self.log_path = self.workdir / "server.log"
        self.log = open(self.log_path, "w")
        # The working folder is the temporary one, so a developer's .env is not read.
        self.process = subprocess.Popen([binary, "serve"], env=self.env, cwd=self.workdir,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(self.healthy, 120, "kontor serve to answer /health")

    def healthy(self):
        if self.process.poll() is not None:
            raise SystemExit("contract test: kontor serve stopped:\n" + self.log_path.read_text()[-3000:])
        try:
            return urllib.request.urlopen(self.url + "/health", timeout=1).status == 200
        except OSError:
            return False

    def command(self, *arguments, env=None):
        done = subprocess.run([self.binary, *arguments], env=dict(self.env, **(env or {})), cwd=self.workdir,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"contract test: kontor {arguments[0]} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        if self.schema:
            subprocess.run(["psql", self.database_url, "-q", "-c", f"DROP SCHEMA {self.schema} CASCADE"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def prepare_account(server):
    """Signs up and confirms a customer, gives their organization a web hosting with a site, a database and a user;
    returns (orgID, productID, siteID)."""
    api = server.url + "/api/v1"
    status, _ = call(api, "POST", "/accounts", {"name": "Contract Tester", "email": EMAIL, "password": PASSWORD})
    require(status == 202, f"sign-up answered {status}")

    def confirmation_link():
        match = re.search(r"https?://\S+(/verify-email/[A-Za-z0-9_-]+)", server.log_path.read_text())
        return match and match.group(1)
    # Opening the link shows a page; its button confirms, with the password chosen at sign-up.
    status, _, _ = FormBrowser(server.url).post(wait_for(confirmation_link, 30, "the confirmation e-mail in the server log"), {"password": PASSWORD})
    require(status == 303, f"confirming the address answered {status}")

    server.command("add-product", "--owner", EMAIL, "--kind", "web_hosting", "--name", "contract.example",
                   "--renews", "2030-06-30", "--server-prefix", "wxyz", "--migrated-sites", "contract.example",
                   "--databases", "mabase", "--database-users", "monuser")
    token = session_token(api)
    status, organizations = call(api, "GET", "/organizations", token=token)
    organization = organizations["items"][0]["id"]
    status, products = call(api, "GET", f"/organizations/{organization}/products", token=token)
    status, sites = call(api, "GET", f"/organizations/{organization}/sites", token=token)
    require(status == 200 and sites["items"], f"listing the sites answered {status}")
    return organization, products["items"][0]["id"], sites["items"][0]["id"]


def totp(secret_base32, at=None):
    """RFC 6238: six digits, 30-second steps, HMAC-SHA1, as the staff sign-in asks for."""
    secret_base32 = re.sub(r"\s", "", secret_base32).upper()  # the page shows it in groups of four
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def staff_token(server):
    """A staff token (`kst_…`) for an administrator, made through the staff console as a person makes one."""
    server.command("create-admin", "--email", STAFF_EMAIL, "--name", "Contract Staff", env={"KONTOR_ADMIN_PASSWORD": STAFF_PASSWORD})
    browser = FormBrowser(server.url)
    page, post, between = browser.page, browser.post, FormBrowser.between

    status, _, location = post("/staff/sign-in", {"email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    require(status == 303 and location.endswith("/staff/sign-in/two-factor-setup"), f"staff sign-in answered {status} → {location}")
    # The key and the form token from one rendering of the page.
    _, html, _ = page("/staff/sign-in/two-factor-setup")
    secret = between(html, 'id="totp-secret">', "</code>")
    status, _, location = page("/staff/sign-in/two-factor-setup",
                               {"code": totp(secret), "_csrf": between(html, 'name="_csrf" value="', '"')})
    require(status == 303 and location.endswith("/staff"), f"staff authenticator setup answered {status} → {location}")
    status, html, _ = post("/staff/api-tokens", {"name": "contract test", "expires_on": "", "password": STAFF_PASSWORD})
    require(status == 201, f"making a staff token answered {status}")
    return between(html, 'id="new-token">', "</code>")


def session_token(api):
    status, body = call(api, "POST", "/sessions", {"email": EMAIL, "password": PASSWORD})
    require(status == 201, f"signing in answered {status}: {body}")
    return body["token"]


def run_schemathesis(server, token, filters, seed, max_examples, report_dir, environment):
    command = ["schemathesis", "--config-file", str(CONFIG), "run", server.url + "/api/v1/openapi.yaml",
               # Every check but ensure_resource_availability: see schemathesis.toml (the command line outranks it there).
               "--checks", "all", "--exclude-checks", "ensure_resource_availability", "--seed", str(seed), "--max-examples", str(max_examples), "--workers", "1",
               "--header", f"Authorization: Bearer {token}", "--no-color",
               "--report", "ndjson", "--report-dir", str(report_dir)]
    command += filters
    # Run in the temporary folder: schemathesis keeps a crash cache (.schemathesis/) in its working folder.
    done = subprocess.run(command, env=environment, cwd=report_dir, capture_output=True, text=True)
    (report_dir / "schemathesis.out").write_text(done.stdout + done.stderr)
    return done.returncode, done.stdout + done.stderr


def summarize(report_dir):
    """(test cases, responses by status, failures as (code, operation, status) -> count) from the NDJSON report."""
    cases, statuses, failures = 0, collections.Counter(), collections.Counter()
    for path in pathlib.Path(report_dir).glob("*.ndjson"):
        for line in path.read_text().splitlines():
            finished = json.loads(line).get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished["recorder"]
            for case_id, interaction in recorder.get("interactions", {}).items():
                cases += 1
                status = (interaction.get("response") or {}).get("status_code")
                statuses[status] += 1
                for check in recorder.get("checks", {}).get(case_id, []):
                    if check["status"] == "failure":
                        failure = check["failure_info"]["failure"]
                        failures[(failure["code"], failure["operation"], status)] += 1
    return cases, statuses, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--max-examples", type=int, default=None, help="default: schemathesis.toml")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server log, reports)")
    arguments = parser.parse_args()
    arguments.binary = str(pathlib.Path(arguments.binary).resolve())
    max_examples = arguments.max_examples or int(re.search(r"max-examples = (\d+)", CONFIG.read_text()).group(1))

    installed = subprocess.run(["schemathesis", "--version"], capture_output=True, text=True).stdout.split()[-1:]
    if installed != [SCHEMATHESIS_VERSION]:
        print(f"contract test: schemathesis {' '.join(installed)} installed, written for {SCHEMATHESIS_VERSION}: "
              f"pip install schemathesis=={SCHEMATHESIS_VERSION}", file=sys.stderr)

    started = time.time()
    workdir = tempfile.mkdtemp(prefix="kontor-contract-")
    server, passed = None, False
    try:
        server = Server(arguments.binary, workdir)
        organization, product, site = prepare_account(server)
        # Every token is opened before any run: schemathesis may throttle the account's sign-in with wrong passwords.
        staff = staff_token(server)
        tokens = [session_token(server.url + "/api/v1") if kind == "customer" else staff for _, _, kind in RUNS]
        environment = dict(os.environ, KONTOR_CONTRACT_ORG_ID=organization, KONTOR_CONTRACT_PRODUCT_ID=product,
                           KONTOR_CONTRACT_SITE_ID=site)
        total_cases, total_statuses, total_failures, exit_codes = 0, collections.Counter(), collections.Counter(), []
        for (title, filters, _), token in zip(RUNS, tokens):
            report_dir = pathlib.Path(workdir) / "reports" / title.replace(" ", "-")
            report_dir.mkdir(parents=True)
            code, output = run_schemathesis(server, token, filters, arguments.seed, max_examples, report_dir, environment)
            cases, statuses, failures = summarize(report_dir)
            total_cases += cases
            total_statuses += statuses
            total_failures += failures
            exit_codes.append(code)
            if code != 0:
                print(output)
            print(f"contract test: {title}: {cases} requests, {sum(failures.values())} failures (schemathesis exit {code})")
        print("contract test: statuses " + ", ".join(f"{status}×{count}" for status, count in sorted(total_statuses.items(), key=lambda item: str(item[0]))))
        for (failure_code, operation, status), count in sorted(total_failures.items()):
            print(f"  {failure_code} {operation} → {status} ({count}×)")
        passed = not any(exit_codes)
        print(f"contract test {'passed' if passed else 'FAILED'} on {server.database}: {total_cases} requests, "
              f"{sum(total_failures.values())} failures, seed {arguments.seed}, {max_examples} examples per operation, "
              f"{time.time() - started:.0f} s")
    finally:
        if server:
            server.stop()
        if passed and not arguments.keep:
            subprocess.run(["rm", "-rf", workdir])
        else:
            print(f"contract test: server log and reports are in {workdir}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
