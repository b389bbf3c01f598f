#!/usr/bin/python3
"""The NHS Friends and Family Test question, fft.overall, end to end
(README "Friends and Family Test"; issue 16 point 4).

    tests/e2e/fft.py [layout|sessions|all]   (default all)

Each check runs the real kiosk in test mode with SDL's offscreen driver and
--script (no Xvfb), its config naming the question in [questions] enabled:

  f-all-unchanged     the embedded default (enabled = all): never asked
  f-trace-en          fft.overall: NHS England's wording, answer.1 .. answer.5
  f-trace-ar          Very poor .. Very good and answer.6 Don't know, in
                      English and in Arabic (right to left: answer.1 on the
                      right as on every question), the five faces in the same
                      order as heard.listen's; heard.listen keeps its own words
  f-spoken            reading aloud: the keys help names Very poor and Very
                      good on fft.overall, and its Don't know ("or choose
                      Don't know, or Skip"), Not at all and Yes, fully on
                      the next question (no Don't know); the answer chosen
                      is said by its FFT word
  f-spoken-na         heard's "Does not apply" (control.no): the keys help
                      on it names that button; heard.listen's does not,
                      control.next's (after it) is not said again
  f-sessions          sessions under libfaketime next month (heard-report
                      then runs in the month after, when it is closed): Counselling
                      13, Housing 3, "I'd rather not say" 1, with known FFT
                      answers (Don't know and Skip among them); the database's
                      counts (Don't know in the not-applicable slot)
  f-report-fft        heard-report --format fft read back: the header, every
                      count per service and ALL equal to the sessions', total
                      = the six, the rows under the threshold (Housing, Not
                      said, ALL which protects them) named by "#" notes and
                      told on standard error, RFC 4180 line ends
  f-report-csv        --format csv: fft.overall's not_applicable = Don't know
  f-simulate          heard-simulate --fft over 3 months: --format fft
                      --from --to against the raw count_answer rows (sqlite3),
                      row by row, ALL the services' sum; without --fft no
                      fft.overall row at all (enabled = all)
  f-layout-WxH        every screen size (kiosk.PANEL_MM's panels), every
                      language, text sizes 1 to 4: the FFT question (Don't
                      know chosen, Back, again) and its review pass
                      kiosk.layout_problems(), and at sizes 1 and 2 (but at
                      800x480) none pages Back and Skip away (paged_problems)

Ends with "FFT: N passed, M failed".  BUILD names the build folder.
"""
import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk as K  # noqa: E402

REPORT = os.path.join(K.BUILD, "heard-report")
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
SERVICES = ["Counselling", "Housing"]
ENABLED = "fft.overall, heard.listen"
HEADER = "service,period,very_good,good,neither,poor,very_poor,dont_know,total"
DONT_KNOW, SKIP = -1, 0
# (service index or None, fft.overall answer, heard.listen answer)
SESSIONS = ([(0, v, 4) for v in (5, 5, 5, 5, 4, 4, 4, 3, 2, 1, DONT_KNOW, DONT_KNOW, SKIP)] +
            [(1, v, 5) for v in (5, 4, DONT_KNOW)] + [(None, 2, 3)])
TEXT_SIZES = (1, 2, 3, 4)
NO_PAGING_UPTO = 2  # text sizes 1 and 2 keep Back and Skip in view (as textsize.py)
results = []


def check(name, cond, why=""):
    results.append((name, bool(cond)))
    print("PASS %s" % name if cond else "FAIL %s: %s" % (name, why), flush=True)


def config(tmp, extra=""):
    path = os.path.join(tmp, "fft.ini")
    with open(path, "w") as f:
        f.write("[kiosk]\nname = fft-check\n[services]\n" +
                "".join("service = %s\n" % s for s in SERVICES) +
                "[questions]\nenabled = %s\n" % ENABLED + extra)
    return path


def kiosk(tmp, name, script, cfg=None, size=(1280, 800), env=None):
    """Run the scripted kiosk; its trace lines."""
    folder = os.path.join(tmp, name)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    trace = os.path.join(folder, "trace")
    e = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy", HEARD_TEST="1")
    e.update(env or {})
    cmd = [K.KIOSK, "--db", os.path.join(folder, "heard.db"), "--windowed", "%dx%d" % size,
           "--trace", trace, "--script", "-"]
    if cfg:
        cmd += ["--config", cfg]
    p = subprocess.run(cmd, input="\n".join(script + ["quit"]) + "\n", env=e, text=True,
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        raise K.Fail("%s: heard-kiosk exit %d: %s" % (name, p.returncode, p.stderr[-400:]))
    return [json.loads(line) for line in open(trace, encoding="utf-8")]


def question_lines(lines, qid):
    return [l for l in lines if l["screen"] == "question" and l["question"] == qid]


def labels(line):
    return {w["id"]: w["label"] for w in line["widgets"]}


def session_script(service, fft, listen):
    tap = lambda v: "tap skip" if v == SKIP else "tap answer.6" if v == DONT_KNOW else "tap answer.%d" % v
    return ["tap start", "tap service.%d" % service if service is not None else "tap service.not_said",
            tap(fft), "tap answer.%d" % listen if listen > 0 else "tap skip", "tap send", "idle 11000"]


# ---- the question on screen --------------------------------------------------

def face_order(line):
    """answer.1..5 in reading order (rows top to bottom, then as read)."""
    ws = {w["id"]: w for w in line["widgets"]}
    faces = [ws["answer.%d" % v] for v in range(1, 6)]
    rtl = K.STR[line["lang"]]["rtl"]
    key = lambda w: (w["y"] // 10, -w["x"] if rtl else w["x"])
    return [w["id"] for w in sorted(faces, key=key)]


def check_trace(tmp, cfg):
    lines = kiosk(tmp, "default", session_script(0, 4, 4)[:2] + ["idle 100"])
    q = [l for l in lines if l["screen"] == "question"]
    check("f-all-unchanged", q and q[0]["question"] == "heard.listen" and q[0]["of"] == 8,
          "enabled = all: %s" % (K.summary(q[0]) if q else "no question"))
    for code in ("en", "ar"):
        pre = [] if code == "en" else ["tap lang.ar"]
        lines = kiosk(tmp, "trace-" + code, pre + ["tap start", "tap service.0", "tap answer.6",
                                                   "tap answer.5"], cfg)
        fq, hq = question_lines(lines, "fft.overall"), question_lines(lines, "heard.listen")
        s = K.STR[code]
        problems = []
        if not fq or not hq:
            problems.append("questions seen: %s" % [l["question"] for l in lines])
        else:
            f, h = labels(fq[0]), labels(hq[0])
            want = {"answer.%d" % v: s["ui"]["fft.answer.%d" % v] for v in range(1, 6)}
            want.update({"answer.6": s["ui"]["fft.dont_know"], "question": s["q"]["fft.overall"]})
            problems += ["%s is %r, want %r" % (k, f.get(k), v) for k, v in want.items() if f.get(k) != v]
            problems += ["heard.listen %s is %r" % (k, h.get(k)) for k in ("answer.1", "answer.5")
                         if h.get(k) != s["ui"][k]]
            if "not_apply" in f or "answer.6" in h:
                problems.append("Don't know and Does not apply mixed up")
            if face_order(fq[0]) != face_order(hq[0]) or face_order(fq[0])[0] != "answer.1":
                problems.append("faces in order %s, heard.listen's %s" % (face_order(fq[0]), face_order(hq[0])))
            if code == "en" and s["q"]["fft.overall"] != "Overall, how was your experience of our service?":
                problems.append("not NHS England's wording")
            review = [l for l in lines if l["screen"] == "review"]
            if not review or not any(s["ui"]["fft.dont_know"] in w["label"] for w in review[-1]["widgets"]):
                problems.append("the review does not show Don't know")
        check("f-trace-" + code, not problems, "; ".join(problems))


def check_spoken(tmp, cfg):
    lines = kiosk(tmp, "spoken", ["key next", "key select", "key next", "key select", "key 4"], cfg)
    fq, hq = question_lines(lines, "fft.overall"), question_lines(lines, "heard.listen")
    ui = K.UI
    help_of = lambda first, last: ui["question.keys_help"].replace("{first}", first).replace("{last}", last)
    problems = []
    said_f = fq[0]["spoken"] or "" if fq else ""
    said_h = hq[0]["spoken"] or "" if hq else ""
    want_f = help_of(ui["fft.answer.1"], ui["fft.answer.5"]).split(" Press")[0]
    want_h = help_of(ui["answer.1"], ui["answer.5"]).split(" Press")[0]
    if want_f not in said_f:
        problems.append("fft.overall said %r, want %r in it" % (said_f, want_f))
    if want_h not in said_h:
        problems.append("heard.listen said %r, want %r in it" % (said_h, want_h))
    # the whole help on fft.overall names its Don't know button ("... or
    # choose Don't know, or Skip."); heard.listen's (none) does not
    full_f = K.fmt(ui["question.keys_help_extra"], first=ui["fft.answer.1"], last=ui["fft.answer.5"],
                   extra=ui["fft.dont_know"], skip=ui["question.skip"])
    if full_f not in said_f:
        problems.append("fft.overall's help does not name Don't know: %r, want %r in it" % (said_f, full_f))
    if ui["fft.dont_know"] in said_h:
        problems.append("heard.listen's help names Don't know: %r" % said_h)
    if not said_h.startswith(ui["fft.answer.4"] + "."):
        problems.append("the answer chosen said as %r" % said_h[:30])
    check("f-spoken", not problems, "; ".join(problems))


def check_spoken_na(tmp):
    """heard's own "Does not apply" (control.no): the help, said on the
    first question with that button, names it; not again after."""
    cfg = os.path.join(tmp, "na.ini")
    with open(cfg, "w") as f:
        f.write("[kiosk]\nname = na-check\n[questions]\nenabled = heard.listen, control.no, control.next\n")
    lines = kiosk(tmp, "spoken-na", ["key next", "key select", "key next", "key select", "key 4", "key 4"], cfg)
    ui = K.UI
    said = {q: (question_lines(lines, q)[0]["spoken"] or "") if question_lines(lines, q) else ""
            for q in ("heard.listen", "control.no", "control.next")}
    want = K.fmt(ui["question.keys_help_extra"], first=ui["answer.1"], last=ui["answer.5"],
                 extra=ui["question.not_apply"], skip=ui["question.skip"])
    problems = []
    if want not in said["control.no"]:
        problems.append("control.no said %r, want %r in it" % (said["control.no"], want))
    if ui["question.not_apply"] in said["heard.listen"]:
        problems.append("heard.listen's help names Does not apply: %r" % said["heard.listen"])
    if want.split(" Press")[0] in said["control.next"]:
        problems.append("control.next says the help again: %r" % said["control.next"])
    check("f-spoken-na", not problems, "; ".join(problems))


# ---- sessions and the FFT file ----------------------------------------------------

def next_month(d):
    return (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def fake_months():
    """The kiosk's month (next month: a clock before the build is wrong,
    and the kiosk keeps answers unsaved then), a moment in it, and a
    moment in the month after, when it is closed for heard-report."""
    m = next_month(datetime.date.today())
    return m.strftime("%Y-%m"), m.strftime("%Y-%m-15 12:00:00"), next_month(m).strftime("%Y-%m-10 12:00:00")


def faked(at):
    return {"LD_PRELOAD": FAKETIME_LIB, "FAKETIME": "@" + at, "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "FAKETIME_NO_CACHE": "1"}


def expected():
    """service name -> [very_good, good, neither, poor, very_poor, dont_know]"""
    rows = {}
    for svc, fft, _ in SESSIONS:
        name = SERVICES[svc] if svc is not None else "Not said"
        for key in (name, "ALL"):
            r = rows.setdefault(key, [0] * 6)
            if fft == DONT_KNOW:
                r[5] += 1
            elif fft != SKIP:
                r[5 - fft] += 1
    return rows


def check_sessions(tmp, cfg):
    month, now, later = fake_months()
    script = [line for s in SESSIONS for line in session_script(*s)]
    kiosk(tmp, "sessions", script, cfg, env=faked(now))
    db = os.path.join(tmp, "sessions", "heard.db")
    got = K.sql(db, "SELECT service, value, n FROM count_answer WHERE question = 'fft.overall' "
                    "AND period = '%s' ORDER BY 1, 2" % month)
    want = {}
    for svc, fft, _ in SESSIONS:
        key = (SERVICES[svc] if svc is not None else "", fft)
        want[key] = want.get(key, 0) + 1
    stored = {(r["service"], int(r["value"])): int(r["n"]) for r in got}
    check("f-sessions", stored == want, "stored %s, want %s" % (sorted(stored.items()), sorted(want.items())))

    out = os.path.join(tmp, "fft.csv")
    report_env = dict(os.environ, **faked(later))
    p = subprocess.run([REPORT, "--month", month, "--format", "fft", "-o", out, db],
                       capture_output=True, text=True, timeout=60, env=report_env)
    problems = [] if p.returncode == 0 else ["exit %d: %s" % (p.returncode, p.stderr)]
    raw = open(out, "rb").read() if os.path.exists(out) else b""
    text = raw.decode("utf-8-sig")
    lines = text.split("\r\n")
    if not raw.startswith(b"\xef\xbb\xbf") or lines[0] != HEADER or lines[-1] != "":
        problems.append("header or line ends: %r" % text[:120])
    data = [r for r in csv.reader(io.StringIO(text, newline="")) if r and not r[0].startswith("#")][1:]
    notes = [r[0] for r in csv.reader(io.StringIO(text, newline="")) if r and r[0].startswith("#")]
    rows = {r[0]: r for r in data}
    for name, counts in expected().items():
        r = rows.get(name)
        if not r or r[1] != month or [int(x) for x in r[2:8]] != counts or int(r[8]) != sum(counts):
            problems.append("%s: %s, want %s %s" % (name, r, month, counts))
    if len(data) != len(expected()) or any(len(r) != 9 for r in csv.reader(io.StringIO(text, newline="")) if r):
        problems.append("rows: %s" % data)
    for name in ("Housing", "Not said", "ALL"):  # 3 and 1 answers; ALL protects them
        if not any(n.startswith("# %s %s:" % (name, month)) for n in notes):
            problems.append("no note for %s in %s" % (name, notes))
    if any(n.startswith("# Counselling") for n in notes) or "3 rows of the FFT file are hidden" not in p.stderr:
        problems.append("notes %s, stderr %r" % (notes, p.stderr))
    check("f-report-fft", not problems, "; ".join(problems))

    p = subprocess.run([REPORT, "--month", month, "--format", "csv", db], capture_output=True,
                       text=True, timeout=60, env=report_env)
    row = [r for r in csv.DictReader(io.StringIO(p.stdout.lstrip("\ufeff"), newline=""))
           if r["service"] == "Counselling" and r["question"] == "fft.overall"]
    dk = expected()["Counselling"][5]
    check("f-report-csv", row and row[0]["not_applicable"] == str(dk) and row[0]["construct"] == "none",
          "Counselling fft.overall row %s, want not_applicable %d" % (row, dk))

    # The text and HTML reports: the NHS percentages (Don't know in the
    # total) under the month, and no "Yes, fully" row for the FFT question.
    c = expected()["Counselling"]
    want = "Friends and Family Test: %.0f%% positive, %.0f%% negative, of %d answers" % (
        100.0 * (c[0] + c[1]) / sum(c), 100.0 * (c[3] + c[4]) / sum(c), sum(c))
    wording = "Overall, how was your experience of our service?"
    problems = []
    for fmt in ("text", "html"):
        p = subprocess.run([REPORT, "--month", month, "--format", fmt, db], capture_output=True,
                           text=True, timeout=60, env=report_env)
        if p.returncode != 0 or want not in re.sub(r"<[^>]*>", "", p.stdout):
            problems.append("%s: no %r (exit %d)" % (fmt, want, p.returncode))
        if wording in p.stdout:
            problems.append("%s: the FFT question has a top-box row" % fmt)
    check("f-report-text-html", not problems, "; ".join(problems))


def check_simulate(tmp):
    sim = os.path.join(K.BUILD, "heard-simulate")
    db, plain = os.path.join(tmp, "sim.db"), os.path.join(tmp, "plain.db")
    for path, extra in ((db, ["--fft"]), (plain, [])):
        subprocess.run([sim, "--db", path, "--responses", "2000", "--services", "3", "--months", "3",
                        "--seed", "7"] + extra, check=True, capture_output=True, timeout=120)
    months = [r["period"] for r in K.sql(db, "SELECT DISTINCT period FROM count_response ORDER BY 1")]
    p = subprocess.run([REPORT, "--from", months[0], "--to", months[-1], "--format", "fft", db],
                       capture_output=True, text=True, timeout=60)
    got = {(r[0], r[1]): [int(x) for x in r[2:]] for r in
           csv.reader(io.StringIO(p.stdout.lstrip("\ufeff"), newline="")) if r and not r[0].startswith("#")
           and r[0] != "service"}
    want = {}
    for r in K.sql(db, "SELECT service, period, value, n FROM count_answer WHERE question = 'fft.overall'"):
        v = int(r["value"])
        if v == SKIP:
            continue
        for name in (r["service"] or "Not said", "ALL"):
            row = want.setdefault((name, r["period"]), [0] * 7)
            row[5 if v == DONT_KNOW else 5 - v] += int(r["n"])
            row[6] += int(r["n"])
    bad = ["%s: %s, want %s" % (k, got.get(k), v) for k, v in sorted(want.items()) if got.get(k) != v]
    bad += ["extra row %s" % (k,) for k in got if k not in want]
    if p.returncode != 0 or not want:
        bad.append("exit %d, %d rows: %s" % (p.returncode, len(want), p.stderr))
    n = K.sql(plain, "SELECT count(*) AS n FROM count_answer WHERE question = 'fft.overall'")[0]["n"]
    if n:
        bad.append("heard-simulate without --fft answered fft.overall %s times" % n)
    check("f-simulate", not bad, "; ".join(bad[:6]))

    # A service's own return: its rows alone, never ALL or "Not said"
    # (their raw counts less its own would give the others away).
    one = sorted(k[0] for k in want if k[0] not in ("ALL", "Not said"))[0]
    p = subprocess.run([REPORT, "--from", months[0], "--to", months[-1], "--format", "fft",
                        "--service", one, db], capture_output=True, text=True, timeout=60)
    names = {r[0] for r in csv.reader(io.StringIO(p.stdout.lstrip("\ufeff"), newline=""))
             if r and r[0] != "service"}
    names = {n.split(" 20")[0][2:] if n.startswith("# ") else n for n in names}
    check("f-service-return", p.returncode == 0 and names == {one},
          "--service %s: rows for %s (exit %d)" % (one, sorted(names), p.returncode))


# ---- layout ------------------------------------------------------------------------

def layout_one(tmp, size, code, ts):
    extra = K.screen_config(size)
    folder = os.path.join(tmp, "layout-%dx%d-%s-%d" % (size[0], size[1], code, ts))
    os.makedirs(folder, exist_ok=True)
    cfg = config(folder, extra)
    pre = [] if code == "en" else ["tap lang." + code]
    script = pre + ["tap access"] + ["tap setting.0.up"] * (ts - 1) + [
        "tap access.done", "tap start", "tap service.0", "tap answer.6", "tap back", "tap answer.6",
        "tap answer.2"]
    lines = kiosk(folder, "k", script, cfg, size=size)
    seen = [l for l in lines if l["screen"] == "question" and l["question"] == "fft.overall"]
    seen += [l for l in lines if l["screen"] == "review"]
    out = [] if len(seen) >= 3 else ["fft.overall or its review not seen"]
    for line in seen:
        paged = (K.paged_problems(line) if tuple(size) in K.NO_PAGED_SIZES and ts <= NO_PAGING_UPTO
                 else [])
        out += ["%s size %d %s: %s" % (code, ts, line["screen"], p)
                for p in K.layout_problems(line, K.PANEL_MM.get(tuple(size))) + paged]
    return out


def check_layout(tmp):
    sizes = sorted(K.PANEL_MM)
    jobs = [(s, c, ts) for s in sizes for c in K.LANGS for ts in TEXT_SIZES]
    with ThreadPoolExecutor(max_workers=2) as ex:
        found = list(ex.map(lambda j: (j[0], layout_one(tmp, *j)), jobs))
    for size in sizes:
        probs = [p for s, ps in found if s == size for p in ps]
        check("f-layout-%dx%d" % size, not probs, "; ".join(probs[:6]))


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what not in ("layout", "sessions", "all"):
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = config(tmp)
        steps = []
        if what in ("sessions", "all"):
            steps += [lambda: check_trace(tmp, cfg), lambda: check_spoken(tmp, cfg),
                      lambda: check_spoken_na(tmp),
                      lambda: check_sessions(tmp, cfg), lambda: check_simulate(tmp)]
        if what in ("layout", "all"):
            steps.append(lambda: check_layout(tmp))
        for step in steps:
            try:
                step()
            except (K.Fail, OSError, subprocess.SubprocessError, ValueError, KeyError) as e:
                check("f-setup", False, "%s" % e)
    failed = sum(1 for _, ok in results if not ok)
    print("FFT: %d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
