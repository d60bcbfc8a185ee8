# Writes ../conversations.jsonl: each hand-written conversation of corpus.py as written, then one adversarial
# variant of it (transforms applied to the sender's messages; benign: to everyone's). Fixed seeds: re-running it
# gives the same file. Usage: python3 generate.py
import json, random, re, sys
import os; HERE = os.path.dirname(os.path.abspath(__file__)); sys.path.insert(0, HERE)
import corpus as c
LEET = {'a':'4','e':'3','i':'1','o':'0','s':'5'}
CYR = {'a':'а','e':'е','o':'о','c':'с','p':'р'}
EMOJI = [(r'\bgift cards?\b','🎁💳'),(r'\btarjeta de regalo\b','🎁💳'),(r'\b(pics|photos|photo|fotos|foto)\b','📸'),(r'\bmoney\b','💰'),(r'\bdinero\b','💰'),(r'\bsecret(o)?\b','🤫'),(r'\bsnapchat\b','👻')]
def words(t, f, rnd, p=0.5):
    return re.sub(r'[^\W\d_]{3,}', lambda m: f(m.group(0)) if rnd.random() < p else m.group(0), t)
def leet(t, rnd): return words(t, lambda w: ''.join(LEET.get(ch, ch) for ch in w), rnd)
def homo(t, rnd): return words(t, lambda w: ''.join(CYR.get(ch, ch) for ch in w), rnd)
def zw(t, rnd): return words(t, lambda w: w[:len(w)//2] + '\u200b' + w[len(w)//2:], rnd)
def spacing(t, rnd):
    if rnd.random() < 0.5:
        return '  '.join(' '.join(w) for w in t.split())
    return words(t, lambda w: '.'.join(w), rnd, 0.4)
def emoji(t, rnd):
    for pat, e in EMOJI: t = re.sub(pat, e, t, flags=re.I)
    return t
T = {'leet':leet,'spacing':spacing,'emoji':emoji,'homoglyph':homo,'zero-width':zw}
COMBOS = [['leet','split'],['spacing','emoji'],['homoglyph','zero-width'],['emoji','leet'],['split','spacing'],['zero-width','homoglyph','split']]
def variant(msgs, combo, rnd, sides):
    out = []
    for side, text in msgs:
        if text is not None and side in sides:
            for name in combo:
                if name != 'split': text = T[name](text, rnd)
        out.append((side, text))
    if 'split' in combo:
        idx = max((i for i,(s,t) in enumerate(out) if t and s in sides), key=lambda i: len(out[i][1]))
        side, t = out[idx]; ws = t.split(); h = len(ws)//2
        out[idx:idx+1] = [(side, ' '.join(ws[:h])), (side, ' '.join(ws[h:]))]
    return out
def emit(f, base, i, harmful, heldout=False):
    id_, lang, label, rage, sage, conn, msgs = base
    split = 'heldout' if heldout or i % 3 == 2 else 'tune'
    rnd = random.Random(id_)
    combo = COMBOS[i % len(COMBOS)]
    for name, m in [('plain', msgs), ('+'.join(combo), variant(msgs, combo, rnd, {'a'} if harmful else {'a','b'}))]:
        f.write(json.dumps({"id": id_ + ('' if name == 'plain' else '-v'), "language": lang, "label": label, "split": split,
            "variant": name, "recipient_age": rage, "sender_age": sage, "connected": conn,
            "messages": [{"from": s, "media": 1} if t is None else {"from": s, "text": t} for s, t in m]}, ensure_ascii=False) + "\n")
with open(os.path.join(HERE, '..', 'conversations.jsonl'), 'w') as f:
    for group in (c.H, c.B):
        for i, base in enumerate(group): emit(f, base, i, group is c.H)
    for group in (c.H2, c.B2):
        for i, base in enumerate(group): emit(f, base, i, group is c.H2, True)
