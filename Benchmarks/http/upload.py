#!/usr/bin/env python3
"""A bank statement uploaded through the staff billing page, as staff do it: seconds from sending the form to the answer.

Starts the given `kontor` binary on a throw-away SQLite database, signs the staff administrator in (password, then
the authenticator app it sets up), and uploads camt.054 files of about the asked sizes, each paying invoices made by
`kontor billing benchmark-data`. What it measures is what the page costs on top of the import: reading the multipart
form (the CSRF check and the controller) and answering. Run it against a debug build (what `swift run` makes) to see
the cost a newcomer meets, and against a release build.

    python3 Benchmarks/http/upload.py .build/debug/kontor --megabytes 1 4
"""
import argparse
import base64
import hashlib
import hmac
import http.cookiejar
import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
EMAIL, PASSWORD = "bench@staff.example.test", "lighthouse keeper on a quiet island"
BYTES_PER_TRANSACTION = 975  # what Benchmarks/camt/generate.py writes per payment, near enough


def totp(key, at):
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    digest = hmac.new(secret, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=600) as answer:
            return answer.geturl(), answer.read().decode()

    def post(self, path, body, content_type):
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Content-Type": content_type, "Origin": self.base})
        try:
            with self.opener.open(request, timeout=600) as answer:
                return answer.status, answer.geturl(), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode()

    def post_form(self, path, fields):
        return self.post(path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")

    @staticmethod
    def csrf(page):
        return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--megabytes", type=float, nargs="+", default=[1, 4])
    parser.add_argument("--runs", type=int, default=2, help="uploads per size (each a new file: another MsgId)")
    args = parser.parse_args()
    binary = str(pathlib.Path(args.binary).resolve())
    work = pathlib.Path(tempfile.mkdtemp(prefix="kontor-bench-upload."))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KONTOR_PORT=str(port), KONTOR_HOST="127.0.0.1", KONTOR_PUBLIC_URL=base,
               KONTOR_DATABASE_PATH=str(work / "kontor.sqlite"), KONTOR_SECRET_KEY=os.urandom(32).hex(),
               KONTOR_CREDITOR_STREET="Rue du Lac", KONTOR_CREDITOR_BUILDING_NUMBER="12", KONTOR_CREDITOR_POSTCODE="1201",
               KONTOR_CREDITOR_TOWN="Genève", KONTOR_CREDITOR_COUNTRY="CH", KONTOR_ACCOUNT_CHF="CH4431999123000889012",
               KONTOR_ADMIN_PASSWORD=PASSWORD)
    env.pop("DATABASE_URL", None)
    quiet = {"env": env, "cwd": work, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    largest = int(max(args.megabytes) * 1024 * 1024 / BYTES_PER_TRANSACTION) + 1
    subprocess.run([binary, "migrate"], **quiet)
    subprocess.run([binary, "billing", "benchmark-data", "--invoices", str(largest * args.runs), "--references", "refs.txt"], **quiet)
    subprocess.run([binary, "create-admin", "--email", EMAIL, "--name", "Bench"], **quiet)
    server = subprocess.Popen([binary, "serve"], env=env, cwd=work, stdout=open(work / "server.log", "w"), stderr=subprocess.STDOUT)
    try:
        client = Client(base)
        for _ in range(600):
            try:
                client.get("/health")
                break
            except OSError:
                time.sleep(0.2)
        _, page = client.get("/staff/sign-in")
        _, url, page = client.post_form("/staff/sign-in", {"email": EMAIL, "password": PASSWORD, "_csrf": Client.csrf(page)})
        key = re.search(r'id="totp-secret">([^<]+)<', page).group(1).replace(" ", "")
        _, url, _ = client.post_form(urllib.parse.urlparse(url).path, {"code": totp(key, time.time()), "_csrf": Client.csrf(page)})
        assert url.rstrip("/").endswith("/staff"), f"staff sign-in ended at {url}"
        references = (work / "refs.txt").read_text().splitlines()
        used = 0
        print(f"{'file':>10} {'payments':>9} {'answer':>9}  status")
        for megabytes in args.megabytes:
            count = int(megabytes * 1024 * 1024 / BYTES_PER_TRANSACTION)
            for _ in range(args.runs):
                chunk = work / "chunk.txt"
                chunk.write_text("\n".join(references[used:used + count]) + "\n")
                used += count
                statement = work / "statement.xml"
                subprocess.run([sys.executable, str(ROOT / "Benchmarks/camt/generate.py"), "--kind", "054", "--date", time.strftime("%Y-%m-%d"),
                                "--transactions", str(count), "--references", str(chunk), "--out", str(statement)], check=True,
                               stdout=subprocess.DEVNULL)
                data = statement.read_bytes().replace(b"KONTOR-GEN-", b"KONTOR-GEN-" + uuid.uuid4().hex[:8].encode() + b"-")
                _, page = client.get("/staff/billing")
                boundary = "----kontor" + uuid.uuid4().hex
                body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{Client.csrf(page)}\r\n"
                        f"--{boundary}\r\nContent-Disposition: form-data; name=\"statement\"; filename=\"statement.xml\"\r\n"
                        f"Content-Type: application/xml\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
                started = time.monotonic()
                status, _, _ = client.post("/staff/billing/imports", body, f"multipart/form-data; boundary={boundary}")
                seconds = time.monotonic() - started
                print(f"{len(data) / 1024 / 1024:>8.1f} MB {count:>9} {seconds:>8.2f} s  {status}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
