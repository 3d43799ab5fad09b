"""Prints the benchmark table from the files bench/run.sh wrote (medians in ms)."""
import json, os, re, sys

W, SIZES = sys.argv[1], [int(s) for s in sys.argv[2].split()]


def median(name):
    p = os.path.join(W, name)
    if not os.path.exists(p):
        return None
    return json.load(open(p))["results"][0]["median"] * 1000


def rss(n, what):
    for line in open(os.path.join(W, "rss.txt")):
        a, b, c = line.split()
        if int(a) == n and b == what and c.isdigit():
            return int(c) / 1024
    return None


def tty(n):
    p = os.path.join(W, f"tty-{n}.txt")
    if not os.path.exists(p):
        return None, None
    lines = open(p).read().split("\n")
    hwm = [int(l.split()[1]) for l in lines if re.match(r"^\d+ \d+$", l)]
    m = re.search(r"median=([\d.]+)ms", open(p).read())
    return (float(m.group(1)) if m else None), (sorted(hwm)[len(hwm) // 2] / 1024 if hwm else None)


def inproc(label):
    p = os.path.join(W, "inproc.txt")
    if not os.path.exists(p):
        return None
    for line in open(p):
        if line.startswith(label):
            m = re.search(r"median ([\d.]+) ms", line)
            return float(m.group(1)) if m else None
    return None


rows = []


def row(what, value, unit, target, ok=None, note=""):
    if value is None:
        rows.append((what, "—", target, "n/a", note))
        return
    v = f"{value:,.1f} {unit}" if isinstance(value, float) else f"{value:,} {unit}"
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    rows.append((what, v, target, verdict, note))


tw = median("tw-10000.json")
for n in SIZES:
    d = median(f"due-{n}.json")
    note = ""
    if n == 10000 and tw and d:
        note = f"task +OVERDUE export {tw:,.1f} ms; ratio {tw / d:,.1f}x"
        row(f"due --json, {n:,} systems", d, "ms", ">= 20x faster than task", tw / d >= 20, note)
    elif n == 100000:
        row(f"due --json, {n:,} systems", d, "ms", "< 100 ms", d is not None and d < 100)
    else:
        row(f"due --json, {n:,} systems", d, "ms", "", None)
tw1, d1 = median("tw-one-10000.json"), median("due-one-10000.json")
if d1:
    c1, v = median("check-one-10000.json"), median("version.json")
    note = f"task +OVERDUE export {tw1:,.1f} ms; ratio {tw1 / d1:,.1f}x" if tw1 else ""
    if c1 and v:
        note += f"; check {c1:,.1f} ms, --version {v:,.1f} ms"
    row("due --json, 10,000 systems x 1 assessment", d1, "ms", ">= 20x faster than task", (tw1 / d1 >= 20) if tw1 else None, note)
for n in SIZES:
    sj = median(f"systems-{n}.json")
    row(f"systems --json, {n:,} systems", sj, "ms", "<= 25 ms" if n == 10000 else "", (sj <= 25) if (n == 10000 and sj) else None)
for n in SIZES:
    f = median(f"frame-{n}.json")
    target = {10000: 50, 100000: 150}.get(n)
    row(f"first frame 200x50 (render-once), {n:,}", f, "ms", f"< {target} ms" if target else "", None if not target else (f is not None and f < target))
for n in SIZES:
    t, h = tty(n)
    row(f"first frame 200x50 in tmux, {n:,}", t, "ms", "(harness floor ~15 ms)", None)
for label, target in [("frame 200x50 Systems", 2.0), ("frame 200x50 Deadlines", 2.0), ("key → frame", 16.0)]:
    v = inproc(label)
    row(f"{label} ({max(SIZES):,} systems, in-process)", v, "ms", f"< {target:g} ms", v is not None and v < target)
for n in SIZES:
    v = rss(n, "due")
    row(f"peak memory due --json, {n:,}", v, "MB", "< 15 MB" if n == 10000 else "", (v < 15) if (n == 10000 and v) else None)
for n in SIZES:
    _, h = tty(n)
    target = {10000: 25, 100000: 60}.get(n)
    row(f"peak memory dashboard, {n:,}", h, "MB", f"< {target} MB" if target else "", (h < target) if (target and h) else None)
imp = median("import-100000.json")
row("CSV import, 100,000 systems", imp / 1000 if imp else None, "s", "< 3 s", imp is not None and imp < 3000)
size = int(open(os.path.join(W, "size.txt")).read()) / 1e6
row("stripped release binary", size, "MB", "< 10 MB", size < 10)
p = os.path.join(W, "idle.txt")
if os.path.exists(p):
    ticks = int(open(p).read())
    row("idle CPU over 60 s (dashboard, 10,000)", ticks * 10, "ms CPU", "zero", ticks == 0)

w = [max(len(str(r[i])) for r in rows + [("what", "median", "target", "", "")]) for i in range(5)]
fmt = "  ".join("{:<%d}" % x for x in w)
print()
print(fmt.format("what", "median", "target", "", "notes"))
for r in rows:
    print(fmt.format(*r))
