#!/usr/bin/env python3
"""Kontor under load, against a release build on this machine: write throughput with 64 concurrent writers, and
page speed as ratios to /health measured in the same run (wrk). Prints a Markdown table per run.

Usage: scripts/bench-http [--postgres URL] [--seconds 30]   (the script builds, fills a demo database and starts
the server; this file only drives an already running one: bench.py --base http://127.0.0.1:PORT).
"""
import argparse
import os
import concurrent.futures
import random
import re
import subprocess
import sys
import threading
import time

import requests

PASSWORD = "tangerine-harbour-42"  # kontor demo's password
CUSTOMER = "ana@demo.kontor.test"


def csrf(html):
    match = re.search(r'name="_csrf" value="([^"]+)"', html)
    return match.group(1) if match else ""


def signed_in(base, email=CUSTOMER, forwarded_for=None):
    session = requests.Session()
    if forwarded_for:
        session.headers["X-Forwarded-For"] = forwarded_for
    page = session.get(base + "/sign-in")
    answer = session.post(base + "/sign-in", data={"email": email, "password": PASSWORD, "_csrf": csrf(page.text)},
                          allow_redirects=False)
    if answer.status_code != 303:
        sys.exit(f"sign-in of {email} answered {answer.status_code}")
    return session


def organization_path(base, session):
    """An organization the demo customer manages (she can add billing addresses there)."""
    html = session.get(base + "/organizations").text + session.get(base + "/console").text
    for org in dict.fromkeys(re.findall(r"(/orgs/[0-9A-Fa-f-]{36})", html)):
        if 'id="billing-address-add"' in session.get(base + org + "/billing-addresses").text:
            return org
    # Not the current one: switch to each of her other organizations in turn.
    for org_id in dict.fromkeys(re.findall(r"/organizations/([0-9A-Fa-f-]{36})/switch", html)):
        session.post(base + f"/organizations/{org_id}/switch", data={"_csrf": csrf(session.get(base + "/console").text)})
        if 'id="billing-address-add"' in session.get(base + f"/orgs/{org_id}/billing-addresses").text:
            return f"/orgs/{org_id}"
    sys.exit("the demo customer manages no organization")


SERVER_PID = None  # set by --pid: then each run also reports the server's CPU time per request


def server_cpu_seconds():
    """User + system CPU time of the server process so far (/proc/PID/stat, fields 14 and 15)."""
    if SERVER_PID is None:
        return None
    with open(f"/proc/{SERVER_PID}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url, seconds, connections=64, cookie=None, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if script:
        command[1:1] = ["-s", os.path.join(os.path.dirname(os.path.abspath(__file__)), script)]
    cpu_before = server_cpu_seconds()
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu_after = server_cpu_seconds()
    requests_done = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    cpu_ms = (cpu_after - cpu_before) * 1000 / requests_done if cpu_before is not None and requests_done else None
    return {"rps": rps, "p99": p99_ms, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(0) if errors else "", "cpu_ms": cpu_ms}


def write_throughput(base, seconds, writers=64):
    """64 clients writing at once: sign-ups (each from its own address through the trusted proxy), newsletter
    topics, billing addresses and default changes. Counts answers by class; any 5xx is a failure."""
    sessions = [signed_in(base) for _ in range(16)]
    org = organization_path(base, sessions[0])
    counts = {"2xx/3xx": 0, "4xx": 0, "5xx": 0}
    by_kind = {}
    lock = threading.Lock()
    deadline = time.time() + seconds

    def record(kind, status):
        bucket = "5xx" if status >= 500 else "4xx" if status >= 400 else "2xx/3xx"
        with lock:
            counts[bucket] += 1
            by_kind.setdefault(kind, {}).setdefault(bucket, 0)
            by_kind[kind][bucket] += 1

    def writer(index):
        kind = ["sign-up", "topics", "address", "default"][index % 4]
        session = sessions[index % 16]
        n = 0
        while time.time() < deadline:
            n += 1
            if kind == "sign-up":
                visitor = requests.Session()
                visitor.headers["X-Forwarded-For"] = f"198.51.{index}.{n % 250 + 1}"
                token = csrf(visitor.get(base + "/sign-up").text)
                answer = visitor.post(base + "/sign-up", allow_redirects=False, data={
                    "name": f"Bench {index} {n}", "email": f"bench-{index}-{n}-{random.randrange(10**9)}@example.test",
                    "password": "tangerine harbour bench " + str(random.randrange(10**9)), "language": "en", "_csrf": token})
            elif kind == "topics":
                page = session.get(base + "/profile/newsletters").text
                topics = re.findall(r'name="topics\[\]" value="([^"]+)"', page)
                chosen = [t for t in topics if random.random() < 0.5]
                answer = session.post(base + "/profile/newsletters", allow_redirects=False,
                                      data=[("_csrf", csrf(page))] + [("topics[]", t) for t in chosen])
            elif kind == "address":
                page = session.get(base + org + "/billing-addresses").text
                answer = session.post(base + org + "/billing-addresses", allow_redirects=False, data={
                    "_csrf": csrf(page), "name": f"Bench {index}-{n}", "street": "Rue du Marché", "building_number": str(n % 99 + 1),
                    "postcode": "1204", "town": "Genève", "country": "CH", "make_default": "on" if n % 3 == 0 else "off"})
            else:
                page = session.get(base + org + "/billing-addresses").text
                targets = re.findall(r'action="(' + re.escape(org) + r'/billing-addresses/[0-9A-Fa-f-]{36}/default)"', page)
                if not targets:
                    time.sleep(0.05)
                    continue
                answer = session.post(base + random.choice(targets), allow_redirects=False, data={"_csrf": csrf(page)})
            record(kind, answer.status_code)

    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=writers) as pool:
        list(pool.map(writer, range(writers)))
    elapsed = time.time() - started
    return counts, by_kind, elapsed


def health_during_sign_ins(base, seconds):
    stop = threading.Event()

    def sign_in_loop():
        while not stop.is_set():
            signed_in(base, forwarded_for=f"192.0.2.{random.randrange(1, 250)}")

    threads = [threading.Thread(target=sign_in_loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        return wrk(base + "/health", seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--write-seconds", type=int, default=30)
    parser.add_argument("--label", default="")
    parser.add_argument("--pid", type=int, help="the server's process id: also report its CPU time per request")
    args = parser.parse_args()
    base = args.base
    global SERVER_PID
    SERVER_PID = args.pid

    session = signed_in(base)
    cookie = "kontor_session=" + session.cookies.get("kontor_session")
    org = organization_path(base, session)
    print(f"## {args.label}\n", flush=True)

    print("Writes: 64 concurrent writers for", args.write_seconds, "s …", flush=True)
    counts, by_kind, elapsed = write_throughput(base, args.write_seconds)
    total = sum(counts.values())
    print(f"| writes | per second | 2xx/3xx | 4xx | 5xx |\n|---|---|---|---|---|")
    print(f"| {total} in {elapsed:.1f} s | {total / elapsed:.0f} | {counts['2xx/3xx']} | {counts['4xx']} | {counts['5xx']} |")
    for kind, buckets in sorted(by_kind.items()):
        print(f"|  {kind} | | {buckets.get('2xx/3xx', 0)} | {buckets.get('4xx', 0)} | {buckets.get('5xx', 0)} |")
    print(flush=True)

    rows = []
    health = wrk(base + "/health", args.seconds)
    rows.append(("/health", health))
    products = wrk(base + org + "/products", args.seconds, cookie=cookie)
    rows.append(("signed-in products page", products))
    console = wrk(base + "/console", args.seconds, cookie=cookie)
    rows.append(("signed-in console", console))
    query = "/api/v1/help/search?lang=es&q=c%C3%B3digo%20de%20soporte"
    # Both from a new reader each time: a reader's repeated search is logged once per half hour, so from one client
    # the logged search would measure that check, not the logging.
    unlogged = wrk(base + query + "&typing=1", args.seconds, script="readers.lua")
    rows.append(("help search, not logged", unlogged))
    logged = wrk(base + query, args.seconds, script="readers.lua")
    rows.append(("help search, logged", logged))
    during = health_during_sign_ins(base, args.seconds)
    rows.append(("/health while 4 clients sign in", during))

    # CPU time per request is the steadier figure on a shared machine: other processes change how many requests
    # a second the server gets through, much less how much work each one costs.
    print("| target | requests/s | p99 ms | non-2xx | server CPU per request |\n|---|---|---|---|---|")
    for name, result in rows:
        cpu = f"{result['cpu_ms']:.2f} ms" if result["cpu_ms"] is not None else "–"
        print(f"| {name} | {result['rps']:.0f} | {result['p99']:.1f} | {result['non2xx']} | {cpu} |")
    print()
    print("| goal | measured | met |\n|---|---|---|")
    goals = [
        ("signed-in page ≥ 25 % of /health (req/s)", products["rps"] / health["rps"], products["rps"] / health["rps"] >= 0.25, "{:.0%}"),
        ("signed-in page p99 ≤ 2 × /health p99", products["p99"] / health["p99"], products["p99"] <= 2 * health["p99"], "{:.1f}×"),
        ("logged search ≥ 80 % of unlogged", logged["rps"] / unlogged["rps"], logged["rps"] >= 0.8 * unlogged["rps"], "{:.0%}"),
        ("/health p99 while signing in ≈ unchanged (≤ 2×)", during["p99"] / health["p99"], during["p99"] <= 2 * health["p99"], "{:.1f}×"),
        ("no 5xx under 64 concurrent writers", counts["5xx"], counts["5xx"] == 0, "{}"),
    ]
    if health["cpu_ms"] and products["cpu_ms"]:
        ratio = health["cpu_ms"] / products["cpu_ms"]
        goals.insert(1, ("signed-in page's CPU per request ≤ 4 × /health's (the same goal, load-independent)", ratio, ratio >= 0.25, "{:.0%}"))
    for name, value, met, fmt in goals:
        print(f"| {name} | {fmt.format(value)} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
