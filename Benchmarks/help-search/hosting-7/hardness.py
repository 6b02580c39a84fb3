#!/usr/bin/env python3
"""Hardness of queries.tsv: share of questions with no word (5-letter stem) in common with
the expected page's title, and with title + summary + tags.
Usage: python3 hardness.py [queries.tsv] [-v]   (run from this folder)"""
import os, sys, re, yaml, unicodedata, collections
ROOT = os.path.dirname(os.path.abspath(__file__))
STOP = set("""the and for your you how with what from are can does not why this that
une des les pour est que qui dans mon mes sur par pas sont avec
del los las por para con una como mis
der die das und fur mit wie ich ist ein eine nicht auf den dem von sie mein meine wird
il la per con non che una come mio mia sul del della gli""".split())
def norm(s):
    s = unicodedata.normalize('NFKD', s.lower()); s = ''.join(c for c in s if not unicodedata.combining(c))
    return set(w[:5] for w in re.findall(r"[a-z0-9]+", s) if len(w) > 2 and w not in STOP)
args = [a for a in sys.argv[1:] if a != '-v']; verbose = '-v' in sys.argv
f = args[0] if args else os.path.join(ROOT, 'queries.tsv')
n = collections.Counter(); h1 = collections.Counter(); h2 = collections.Counter()
fmcache = {}
def fm(lang, s):
    if (lang, s) not in fmcache:
        text = open(os.path.join(ROOT, lang, s + '.md'), encoding='utf-8').read()
        fmcache[(lang, s)] = yaml.safe_load(text.split('---')[1])
    return fmcache[(lang, s)]
for line in open(f, encoding='utf-8'):
    lang, q, exp = line.rstrip('\n').split('\t')
    if lang == 'language': continue
    n[lang] += 1; tw = set(); mw = set()
    for s in exp.split('|'):
        m = fm(lang, s)
        tw |= norm(m['title']); mw |= norm(m['title'] + ' ' + m['summary'] + ' ' + ' '.join(map(str, m['tags'] or [])))
    qa = norm(q)
    if not qa & tw:
        h1[lang] += 1
        if verbose: print('HARD1', lang, q)
    if not qa & mw:
        h2[lang] += 1
        if verbose: print('HARD2', lang, q)
for lang in list(n) + ['total']:
    N = sum(n.values()) if lang == 'total' else n[lang]
    a = sum(h1.values()) if lang == 'total' else h1[lang]
    b = sum(h2.values()) if lang == 'total' else h2[lang]
    print(f"{lang}: {N} queries, no-title-overlap {a} ({a/N:.0%}), no-title/summary/tag-overlap {b} ({b/N:.0%})")
