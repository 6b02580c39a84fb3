#!/usr/bin/env python3
"""Consistency checks for the hosting-7 held-out set."""
import os, re, sys, collections

ROOT = os.path.dirname(os.path.abspath(__file__))
LANGS = ["en", "es", "fr", "de", "it"]
KEYS = ["slug", "language", "kind", "title", "summary", "category", "tags"]
CATS = {"account", "billing", "databases", "domains-dns", "email", "security", "servers", "websites"}
errors, warnings = [], []

try:
    import yaml
except ImportError:
    yaml = None

def parse(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not m:
        return None, None
    fm_text, body = m.group(1), m.group(2)
    if yaml:
        fm = yaml.safe_load(fm_text)
    else:
        fm = {}
        for line in fm_text.splitlines():
            k, _, v = line.partition(":")
            v = v.strip()
            if v.startswith("[") and v.endswith("]"):
                v = [x.strip() for x in v[1:-1].split(",") if x.strip()]
            fm[k.strip()] = v
    return fm, body

# topics
topics = []
with open(os.path.join(ROOT, "topics.tsv"), encoding="utf-8") as f:
    header = f.readline().rstrip("\n")
    if header != "slug\twhat the guide answers":
        errors.append(f"topics.tsv: bad header {header!r}")
    for i, line in enumerate(f, 2):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 2 or not parts[1]:
            errors.append(f"topics.tsv:{i}: expected 2 columns")
            continue
        topics.append(parts[0])
if len(set(topics)) != len(topics):
    errors.append("topics.tsv: duplicate slugs")

# pages
pages = {l: set() for l in LANGS}
for lang in LANGS:
    d = os.path.join(ROOT, lang)
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".md"):
            errors.append(f"{lang}/{fn}: not .md"); continue
        path = os.path.join(d, fn)
        try:
            fm, body = parse(path)
        except Exception as e:
            errors.append(f"{lang}/{fn}: front matter does not parse: {e}"); continue
        if fm is None:
            errors.append(f"{lang}/{fn}: no front matter"); continue
        for k in KEYS:
            if k not in fm or fm[k] is None:
                errors.append(f"{lang}/{fn}: missing key {k}")
        slug = fn[:-3]
        if fm.get("slug") != slug:
            errors.append(f"{lang}/{fn}: slug {fm.get('slug')!r} != file name")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            errors.append(f"{lang}/{fn}: slug not kebab-case")
        if fm.get("language") != lang:
            errors.append(f"{lang}/{fn}: language {fm.get('language')!r} != folder")
        if fm.get("kind") not in ("guide", "faq"):
            errors.append(f"{lang}/{fn}: bad kind {fm.get('kind')!r}")
        if fm.get("category") not in CATS:
            errors.append(f"{lang}/{fn}: bad category {fm.get('category')!r}")
        if not isinstance(fm.get("tags"), list):
            errors.append(f"{lang}/{fn}: tags is not a list")
        n = len(re.findall(r"\w+", body or ""))
        if n < 150 or n > 300:
            warnings.append(f"{lang}/{fn}: body has {n} words (target 150-300)")
        pages[lang].add(slug)

for t in topics:
    for lang in LANGS:
        if t not in pages[lang]:
            errors.append(f"topic {t}: missing {lang}/{t}.md")
for lang in LANGS:
    for s in pages[lang] - set(topics):
        errors.append(f"{lang}/{s}.md: not listed in topics.tsv")

# queries
qcount = collections.Counter()
multi = collections.Counter()
per_topic = {l: collections.Counter() for l in LANGS}
seen = set()
with open(os.path.join(ROOT, "queries.tsv"), encoding="utf-8") as f:
    header = f.readline().rstrip("\n")
    if header != "language\tquery\texpected":
        errors.append(f"queries.tsv: bad header {header!r}")
    for i, line in enumerate(f, 2):
        line = line.rstrip("\n")
        if not line.strip():
            errors.append(f"queries.tsv:{i}: empty line"); continue
        parts = line.split("\t")
        if len(parts) != 3:
            errors.append(f"queries.tsv:{i}: {len(parts)} columns (tab inside a field?)"); continue
        lang, q, exp = parts
        if lang not in LANGS:
            errors.append(f"queries.tsv:{i}: bad language {lang!r}"); continue
        if not q.strip() or q != q.strip():
            errors.append(f"queries.tsv:{i}: empty query or surrounding spaces")
        key = (lang, q.strip().lower())
        if key in seen:
            errors.append(f"queries.tsv:{i}: duplicate query {q!r} for {lang}")
        seen.add(key)
        slugs = exp.split("|")
        if len(set(slugs)) != len(slugs):
            errors.append(f"queries.tsv:{i}: repeated slug in expected")
        for s in slugs:
            if s not in pages[lang]:
                errors.append(f"queries.tsv:{i}: expected slug {s!r} missing in {lang}/")
            per_topic[lang][s] += 1
        qcount[lang] += 1
        if len(slugs) > 1:
            multi[lang] += 1

for lang in LANGS:
    for t in topics:
        if per_topic[lang][t] < 2:
            warnings.append(f"{lang}: topic {t} is expected in only {per_topic[lang][t]} queries")

print("topics:", len(topics))
for lang in LANGS:
    mins = min(per_topic[lang][t] for t in topics) if topics else 0
    print(f"{lang}: pages={len(pages[lang])} queries={qcount[lang]} "
          f"multi-label={multi[lang]} min-queries-per-topic={mins}")
print("total pages:", sum(len(p) for p in pages.values()), "total queries:", sum(qcount.values()))
for w in warnings:
    print("WARNING:", w)
for e in errors:
    print("ERROR:", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
