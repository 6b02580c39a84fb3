import sys, re, yaml, unicodedata
STOP=set("the and for your you how with what from are can does not why this that une des les pour est que qui dans mon mes sur par pas sont avec del los las por para con una como mis ","".split()) if False else set("the and for your you how with what from are can does not why this that une des les pour est que qui dans mon mes sur par pas sont avec del los las por para con una como mis".split())
def norm(s):
    s=unicodedata.normalize('NFKD',s.lower()); s=''.join(c for c in s if not unicodedata.combining(c))
    return set(w[:5] for w in re.findall(r"[a-z0-9]+",s) if len(w)>2 and w not in STOP)
f=sys.argv[1]; verbose=len(sys.argv)>2
n=h1=h2=0
for line in open(f):
    lang,q,exp=line.rstrip('\n').split('\t')
    if lang=='language': continue
    n+=1; tw=set(); mw=set()
    for s in exp.split('|'):
        fm=yaml.safe_load(open(f'{lang}/{s}.md').read().split('---')[1])
        tw|=norm(fm['title']); mw|=norm(fm['title']+' '+fm['summary']+' '+' '.join(map(str,fm['tags'] or [])))
    qa=norm(q)
    if not qa&tw: h1+=1
    if not qa&mw:
        h2+=1
        if verbose: print('HARD2',lang,q)
print(f, n, 'no-title-overlap', h1, round(h1/n,2), 'no-title/summary/tag-overlap', h2, round(h2/n,2))
