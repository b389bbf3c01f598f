#!/usr/bin/python3
"""heard-report as a manager reads it (issue 16): the summary per service,
the run-chart rules and the two-proportion test on a crafted year, words
not ids, months by name, "no answers yet" apart from "not shown", the
configured service order, "You said, we did" on the charts and the
poster, the poster's pages, and one month of one service on at most two
A4 pages (tests/html/check.js, with axe-core).

The crafted year, 2024, written through the store by tests/audit/mkdb.c:
  Counselling  no answers in Jan and Feb; 5 people in May (not shown);
               40 a month otherwise.  Felt heard steady near 28%, then
               75% in Dec (more than chance); felt respected rising every
               shown month from Apr (a trend); felt in control flat.
  Housing      30 a month; felt heard 40 to 47% in Dec (could be chance).
  Youth        30 a month, with the Friends and Family Test; felt heard
               rising Jan to May, then 43 and 47% by turns (an earlier
               trend, ended); Nov 43.3% then Dec 46.7%: shown 43 and 47,
               "+4 points" though the exact change is 3.3.
A second database holds a service hidden every month (Outreach).
Clients' comments (issue 17) on a third, crafted for the rule: see
comments_checks().
Ends with "REPORT-SUMMARY: N passed, N failed"."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("BUILD") or "build")
REPORT = os.path.join(BUILD, "heard-report")
HEARD = ("heard.listen", "heard.time", "heard.matters")
RESPECT = ("respect.respect", "respect.person")
CONTROL = ("control.say", "control.no", "control.next")
MONTHS = ["2024-%02d" % m for m in range(1, 13)]
# of 30: 20, 27, 33, 40, 47% rising Jan to May, then 43 and 47% by turns
YOUTH_HEARD = [6, 8, 10, 12, 14, 13, 14, 13, 14, 13, 13, 14]

results = []


def check(name, cond, why=""):
    results.append(cond)
    print(("PASS %s" % name) if cond else ("FAIL %s: %s" % (name, why)))


def build_mkdb(tmp):
    exe = os.path.join(tmp, "mkdb")
    pc = subprocess.run(["pkg-config", "--cflags", "--libs", "sqlite3", "libsodium"], capture_output=True,
                        text=True, check=True).stdout.split()
    core = os.path.join(ROOT, "core")
    subprocess.run(["cc", "-std=c11", "-O1", "-D_GNU_SOURCE", "-I" + core, "-o", exe,
                    os.path.join(ROOT, "tests/audit/mkdb.c"), os.path.join(core, "store.c"),
                    os.path.join(core, "util.c")] + pc + ["-lm"], check=True)
    return exe


def month_lines(period, service, n, kh, kr, kc, fft=None):
    """n people; the first kh say 5 to the heard questions (the rest 1),
    likewise kr (respected) and kc (in control); fft: a list of n answers
    to fft.overall (1 Very poor .. 5 Very good, -1 Don't know), or None."""
    groups = {}
    for i in range(n):
        key = (5 if i < kh else 1, 5 if i < kr else 1, 5 if i < kc else 1, fft[i] if fft else None)
        groups[key] = groups.get(key, 0) + 1
    out = []
    for (h, r, c, x), count in sorted(groups.items(), key=lambda kv: str(kv[0])):
        answers = ["%s=%d" % (q, h) for q in HEARD] + ["%s=%d" % (q, r) for q in RESPECT] + \
                  ["%s=%d" % (q, c) for q in CONTROL] + (["fft.overall=%d" % x] if x is not None else [])
        out.append("%d\t%s\t%s\t%s\n" % (count, period, service, " ".join(answers)))
    return out


def make_db(tmp):
    counselling_heard = [None, None, 12, 11, None, 12, 11, 12, 11, 12, 11, 30]
    counselling_resp = [None, None, 10, 10, None, 12, 14, 16, 18, 20, 22, 24]
    housing_heard = [12, 13, 12, 13, 12, 13, 12, 13, 12, 13, 12, 14]
    lines = []
    for i, period in enumerate(MONTHS):
        if i == 4:  # May: 5 people, too few to show
            lines += month_lines(period, "Counselling", 5, 0, 0, 0)
        elif counselling_heard[i] is not None:
            lines += month_lines(period, "Counselling", 40, counselling_heard[i], counselling_resp[i], 15)
        lines += month_lines(period, "Housing", 30, housing_heard[i], 15, 15)
        # FFT: 12 very good, 6 good, 4 neither, 3 poor, 2 very poor, 3 don't know
        fft = [5] * 12 + [4] * 6 + [3] * 4 + [2] * 3 + [1] * 2 + [-1] * 3
        lines += month_lines(period, "Youth", 30, YOUTH_HEARD[i], 15, 15, fft)
    db = os.path.join(tmp, "year.db")
    mkdb = build_mkdb(tmp)
    subprocess.run([mkdb, db, "kiosk-1"], input="".join(lines), text=True, check=True)
    # every month of Outreach too small to show; Big beside it
    lines = []
    for period in MONTHS:
        lines += month_lines(period, "Outreach", 4, 2, 2, 2)
        lines += month_lines(period, "Big", 30, 15, 15, 15)
    hidden = os.path.join(tmp, "hidden.db")
    subprocess.run([mkdb, hidden, "kiosk-2"], input="".join(lines), text=True, check=True)
    return db, hidden


def report(*args, ok=True):
    p = subprocess.run([REPORT] + list(args), capture_output=True, text=True, timeout=60)
    if ok and p.returncode:
        raise SystemExit("heard-report %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def flat(text):
    """Text with its wrapped lines joined: every run of white space one space."""
    return re.sub(r"\s+", " ", text)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# Comments for the rule, Dec 2024 (Nov 2024 holds the same groups):
#   Shown     12 people, 5 comments: shown, escaped, inert
#   Below      9 people, 5 comments: answers not shown, so comments neither
#   Few       12 people, 2 comments: too few comments
#   Many      40 people, 30 comments: the order test
#   Not said  12 people, 3 comments: shown under "Not said"
SHOWN = ["<script>alert(1)</script> was in the box",
         'He said "wait" & I did',
         "\u200fشكراً لكم\u200f",
         "=SUM(A1:A9) long " + "x" * 300,
         "It's \u201cfine\u201d, l'attente \u2013 <b>bold</b>?"]
BELOW = ["below-%d" % i for i in range(5)]
FEW = ["few-%d" % i for i in range(2)]
MANY = ["many-%02d" % i for i in range(30)]
NOTSAID = ["notsaid-%d" % i for i in range(3)]


def comment_lines(period, service, n, texts):
    """n people, the first len(texts) of them each with one comment."""
    ans = " ".join("%s=4" % q for q in HEARD + RESPECT + CONTROL)
    out = ["1\t%s\t%s\t%s\t%s\n" % (period, service, ans, t) for t in texts]
    return out + ["%d\t%s\t%s\t%s\n" % (n - len(texts), period, service, ans)]


def browser_wraps(html):
    """Open html 800 px wide in headless Chromium: [most a comment's words
    overflow its box, most a comment reaches past the window (px), how
    many comments], and a screenshot of the list holding "<script>"
    beside it (html + ".png")."""
    js = r"""
const { chromium } = require('playwright-core');
(async () => {
  const b = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                    args: ['--no-sandbox', '--disable-gpu'] });
  const p = await b.newPage({ viewport: { width: 800, height: 900 } });
  await p.goto('file://' + process.argv[1]);
  const r = await p.evaluate(() => { const li = [...document.querySelectorAll('.said li')];
    return [Math.max(0, ...li.map((e) => e.scrollWidth - e.clientWidth)),
            Math.max(0, ...li.map((e) => e.getBoundingClientRect().right - window.innerWidth)), li.length]; });
  const list = await p.$('.said:has(li:text("<script>"))');
  if (list) await list.screenshot({ path: process.argv[1] + '.png' });
  console.log(JSON.stringify(r));
  await b.close();
})();"""
    p = subprocess.run(["node", "-e", js, html], capture_output=True, text=True, timeout=120,
                       cwd=os.path.join(ROOT, "tests/html"))
    try:
        return json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return ("no result", p.stdout, p.stderr)


def comments_checks(tmp):
    """The clients' comments in every format (README "Comments")."""
    lines = []
    for period in ("2024-11", "2024-12"):
        lines += comment_lines(period, "Shown", 12, SHOWN)
        lines += comment_lines(period, "Below", 9, BELOW)
        lines += comment_lines(period, "Few", 12, FEW)
        lines += comment_lines(period, "Many", 40, MANY)
        lines += comment_lines(period, "", 12, NOTSAID)
    db = os.path.join(tmp, "comments.db")
    subprocess.run([os.path.join(tmp, "mkdb"), db, "kiosk-c"], input="".join(lines), text=True, check=True)
    dec = ("--month", "2024-12", db)

    js = json.loads(report("--format", "json", *dec).stdout)
    got = {g["service"]: g["comments"] for g in js["groups"]}
    check("comments-json-shown", sorted(got["Shown"]) == sorted(SHOWN) and sorted(got["Many"]) == MANY,
          got.get("Shown"))
    check("comments-json-rule", got["Below"] == [] and got["Few"] == [] and got["ALL"] == []
          and sorted(got["Not said"]) == NOTSAID, {k: v for k, v in got.items() if k != "Many"})
    check("comments-json-note", "numbers, addresses and names were taken out" in js["comments_note"], js.keys())

    html = report("--format", "html", *dec).stdout
    check("comments-html-shown", all(t in html for t in ("&lt;script&gt;alert(1)&lt;/script&gt; was in the box",
          "He said &quot;wait&quot; &amp; I did", "many-07", "notsaid-2"))
          and re.search(r'<h4 id="c\d+-\d+">5 comments</h4>', html)
          and re.search(r'<h4 id="c\d+-\d+">30 comments</h4>', html)
          and "Comments are shown as kept: numbers, addresses and names were taken out before they were "
              "stored." in html, html[:300])
    check("comments-html-inert", "<script>" not in html and "<b>bold" not in html
          and "It&#39;s \u201cfine\u201d, l&#39;attente \u2013 &lt;b&gt;bold&lt;/b&gt;?" in html,
          "raw markup in the HTML")
    check("comments-html-rule", not any(t in html for t in BELOW + FEW)
          and html.count("<li dir=\"auto\">") == 5 + 30 + 3, html.count("<li dir=\"auto\">"))
    # the summary says who wrote and links to the words (an id that exists)
    links = re.findall(r'(\d+) people wrote in their own words: <a href="#(c\d+-\d+)">', html)
    check("comments-html-summary-link", sorted(int(n) for n, _ in links) == [3, 5, 30]
          and all('<h4 id="%s">' % a in html for _, a in links), links)
    poster = report("--format", "poster", *dec).stdout
    check("comments-never-on-poster", not any(t in poster for t in MANY + NOTSAID + ["was in the box"]))

    text = report(*dec).stdout
    check("comments-text-counts", re.search(r"^Shown, Dec 2024: 12 responses$(?:.*\n)*?^  5 comments ", text, re.M)
          and re.search(r"^  30 comments ", text, re.M) and re.search(r"^  3 comments ", text, re.M)
          and text.count(" comments (in the HTML") == 3 and "was in the box" not in text
          and "many-0" not in text
          and sorted(int(n) for n in re.findall(r"^(\d+) people wrote in their own words", text, re.M)) == [3, 5, 30],
          text[-1500:])
    # a control character can only come from a file changed by hand: refused, naming it
    hand = os.path.join(tmp, "comments-hand.db")
    shutil.copyfile(db, hand)
    subprocess.run(["sqlite3", hand, "INSERT INTO comment VALUES ('2024-12', 'Shown', lower(hex(randomblob(16))), "
                    "'bell' || char(7) || char(27) || '[31mred')"], check=True)
    p = report("--format", "comments", "--month", "2024-12", hand, ok=False)
    check("comments-control-refused", p.returncode == 2 and "comments-hand.db" in p.stderr
          and "\x1b" not in p.stdout + p.stderr, (p.returncode, p.stderr))

    raw = subprocess.run([REPORT, "--format", "comments", *dec], capture_output=True, timeout=60).stdout
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    check("comments-csv-header", raw.startswith(b"\xef\xbb\xbfservice,period,text\r\n"), raw[:40])
    by = {}
    for svc, period, t in rows[1:]:
        by.setdefault((svc, period), []).append(t)
    check("comments-csv-rule", sorted(by) == [("Many", "2024-12"), ("Not said", "2024-12"), ("Shown", "2024-12")]
          and sorted(by[("Many", "2024-12")]) == MANY and len(by[("Shown", "2024-12")]) == 5, sorted(by))
    check("comments-csv-inert", not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw)
          and any(t.startswith("'=SUM(A1:A9)") for t in by.get(("Shown", "2024-12"), [])),
          by.get(("Shown", "2024-12")))
    one = report("--format", "comments", "--service", "Shown", *dec).stdout.splitlines()
    check("comments-csv-service", len(one) == 6 and all(l.startswith("Shown,") for l in one[1:]), one)

    # random order, fresh each run: 30 comments in one order twice by chance is 1 in 30!
    again = subprocess.run([REPORT, "--format", "comments", *dec], capture_output=True, timeout=60).stdout
    rows2 = list(csv.reader(io.StringIO(again.decode("utf-8-sig"), newline="")))
    many1 = [t for s_, _, t in rows[1:] if s_ == "Many"]
    many2 = [t for s_, _, t in rows2[1:] if s_ == "Many"]
    check("comments-random-order", many1 != many2 and sorted(many1) == sorted(many2) == MANY
          and many1 != MANY, (many1[:5], many2[:5]))

    # copies of one database count once; another kiosk's comments add up
    copy = os.path.join(tmp, "comments-copy.db")
    shutil.copyfile(db, copy)
    js = json.loads(report("--format", "json", "--month", "2024-12", db, copy).stdout)
    got = {g["service"]: g["comments"] for g in js["groups"]}
    check("comments-copies-once", sorted(got["Shown"]) == sorted(SHOWN) and len(got["Many"]) == 30,
          (len(got["Shown"]), len(got["Many"])))
    # another kiosk's comments add up only where that kiosk alone holds at
    # least 3 and the threshold of responses: this one's 3 show, the 2 of
    # the first file in that group (too few there) never do
    other = os.path.join(tmp, "comments-other.db")
    few_other = ["few-other-%d" % i for i in range(3)]
    subprocess.run([os.path.join(tmp, "mkdb"), other, "kiosk-d"], text=True, check=True,
                   input="".join(comment_lines("2024-12", "Few", 10, few_other)
                                 + comment_lines("2024-12", "Shown", 10, ["shown-other"])))
    js = json.loads(report("--format", "json", "--month", "2024-12", db, copy, other).stdout)
    got = {g["service"]: g["comments"] for g in js["groups"]}
    check("comments-kiosks-add", sorted(got["Few"]) == few_other
          and sorted(got["Shown"]) == sorted(SHOWN), (got["Few"], got["Shown"]))
    comments_kiosk_checks(tmp, db)

    # a kiosk that counts by quarter: the same rule for the quarter
    quarter = os.path.join(tmp, "comments-q.db")
    subprocess.run([os.path.join(tmp, "mkdb"), quarter, "kiosk-q"], text=True, check=True,
                   input="".join(comment_lines("2024-Q4", "Shown", 12, NOTSAID)
                                 + comment_lines("2024-Q4", "Below", 9, BELOW)))
    q = report("--format", "comments", "--month", "2024-12", quarter).stdout.splitlines()
    check("comments-quarter", sorted(q[1:]) == ["Shown,2024-Q4," + t for t in NOTSAID], q)
    # a month inside a quarter: the hint names that quarter's last month
    # (or, while that has not ended, the last quarter that has)
    p = report("--month", "2024-10", quarter, ok=False)
    check("quarter-hint-its-last-month", p.returncode == 2 and "e.g. --month 2024-12)" in p.stderr, p.stderr)
    now = time.gmtime()
    k = now.tm_year * 12 + now.tm_mon - 1 - (2 if now.tm_mday == 1 else 1)  # a closed month
    up = k + (2 - k % 3)  # its quarter's last month, not over yet when it is this month
    want = up - 3 if up >= now.tm_year * 12 + now.tm_mon - 1 else up
    p = report("--month", "%04d-%02d" % (k // 12, k % 12 + 1), quarter, ok=False)
    check("quarter-hint-open-quarter", p.returncode == 2
          and "e.g. --month %04d-%02d)" % (want // 12, want % 12 + 1) in p.stderr, p.stderr)

    # in the browser: long words wrap, axe-core passes, and a look
    path = write(os.path.join(tmp, "comments.html"), html)
    wrap = browser_wraps(path)
    check("comments-html-wrap", isinstance(wrap, list) and wrap[0] <= 0 and wrap[1] <= 0 and wrap[2] == 38, wrap)
    if os.environ.get("HEARD_KEEP_SHOTS"):
        shutil.copyfile(path + ".png", os.environ["HEARD_KEEP_SHOTS"])
    out = subprocess.run(["node", os.path.join(ROOT, "tests/html/check.js"), path],
                         capture_output=True, text=True, timeout=300).stdout
    check("comments-html-axe", "PASS comments.html-axe" in out, out)


def comments_kiosk_checks(tmp, db):
    """Comments across kiosks (issue 17's attack): a report over a folder
    set beside one over a single kiosk must not single out another
    kiosk's one or two comments; copies of one comment under different
    database ids (a kiosk renamed after a copy, a cloned card whose counts
    diverged) count once."""
    mkdb = os.path.join(tmp, "mkdb")
    a = " ".join("%s=%d" % (q, v) for q, v in zip(HEARD + RESPECT + CONTROL, (5, 4, 5, 5, 4, 3, 5, 4)))
    multi = os.path.join(tmp, "multi")
    os.mkdir(multi)
    subprocess.run([mkdb, os.path.join(multi, "k1.db"), "main"], text=True, check=True,
                   input="9\t2026-11\tCounselling\t%s\n" % a
                   + "".join("1\t2026-11\tCounselling\t%s\tMain site comment %d\n" % (a, i) for i in (1, 2, 3)))
    subprocess.run([mkdb, os.path.join(multi, "k2.db"), "satellite"], text=True, check=True,
                   input="11\t2026-11\tCounselling\t%s\n" % a
                   + "1\t2026-11\tCounselling\t%s\tSatellite: the only comment this month\n" % a)
    site = ("--month", "2026-11", os.path.join(multi, "k1.db"))
    both = ("--month", "2026-11", multi)
    csv_ = report("--format", "comments", *both).stdout
    js = json.loads(report("--format", "json", *both).stdout)
    got = {g["service"]: g["comments"] for g in js["groups"]}
    html = report("--format", "html", *both).stdout
    text = report(*both).stdout
    check("comments-one-kiosks-one", "Satellite" not in csv_ + html + text + json.dumps(js)
          and csv_.count("Main site comment") == 3 and sorted(got["Counselling"]) ==
          ["Main site comment %d" % i for i in (1, 2, 3)], (csv_, got))
    # its count does not show either: every format as over the main site alone
    h4 = r'<h4 id="c\d+-\d+">3 comments</h4>'
    check("comments-one-kiosks-count", re.search(h4, html) and "4 comments" not in html
          and "4 people wrote" not in html + text
          and re.search(r"^  3 comments ", text, re.M) and "4 comments" not in text
          and re.search(h4, report("--format", "html", *site).stdout), text[-800:])
    # a file with no responses of its own in a group (its comments put in
    # by hand): its comments never show, though it holds 3 and the
    # group's responses are shown
    low = os.path.join(tmp, "low")
    os.mkdir(low)
    shutil.copyfile(os.path.join(multi, "k1.db"), os.path.join(low, "k1.db"))
    os.chmod(os.path.join(low, "k1.db"), 0o600)
    k3 = os.path.join(low, "k3.db")
    subprocess.run([mkdb, k3, "third"], text=True, check=True, input="10\t2026-11\tDebt\t%s\n" % a)
    subprocess.run(["sqlite3", k3, "".join("INSERT INTO comment VALUES ('2026-11', 'Counselling', "
                                           "lower(hex(randomblob(16))), 'No one answered %d');" % i
                                           for i in range(3))], check=True)
    js = json.loads(report("--format", "json", "--month", "2026-11", low).stdout)
    got = {g["service"]: (g["responses"], g["comments"]) for g in js["groups"]}
    check("comments-kiosk-threshold", got["Counselling"][0] == 12 and sorted(got["Counselling"][1]) ==
          ["Main site comment %d" % i for i in (1, 2, 3)], got)

    # a kiosk renamed after a copy (a new database id; README: old copies
    # may stay in the folder): each comment once, so 2 stay 2
    renamed = os.path.join(tmp, "comments-renamed.db")
    shutil.copyfile(db, renamed)
    os.chmod(renamed, 0o600)
    subprocess.run([mkdb, renamed, "kiosk-renamed"], input="", text=True, check=True)
    ids = [subprocess.run(["sqlite3", f, "SELECT value FROM meta WHERE key = 'database_id'"],
                          capture_output=True, text=True, check=True).stdout for f in (db, renamed)]
    js = json.loads(report("--format", "json", "--month", "2024-12", db, renamed).stdout)
    got = {g["service"]: g["comments"] for g in js["groups"]}
    check("comments-renamed-copy-once", ids[0] != ids[1] and got["Few"] == []
          and sorted(got["Shown"]) == sorted(SHOWN) and sorted(got["Many"]) == MANY, (ids, got["Few"]))
    # a cloned card used on two kiosks, counts diverged (both counted, as
    # separate kiosks): each comment once
    clones = []
    for name, svc in (("clone-a.db", "Many"), ("clone-b.db", "Shown")):
        clones.append(os.path.join(tmp, name))
        shutil.copyfile(db, clones[-1])
        os.chmod(clones[-1], 0o600)
        subprocess.run([mkdb, clones[-1], "kiosk-c"], text=True, check=True,
                       input="1\t2024-12\t%s\t%s\n" % (svc, a))
    p = report("--format", "json", "--month", "2024-12", *clones)
    got = {g["service"]: g["comments"] for g in json.loads(p.stdout)["groups"]}
    text = report("--month", "2024-12", *clones).stdout
    check("comments-clone-once", "counts that differ" in p.stderr and got["Few"] == []
          and sorted(got["Shown"]) == sorted(SHOWN) and sorted(got["Many"]) == MANY
          and re.search(r"^  5 comments ", text, re.M) and not re.search(r"^  (4|10) comments ", text, re.M),
          (p.stderr, got["Few"], len(got["Shown"])))


def main():
    tmp = tempfile.mkdtemp(prefix="report-summary-")
    db, hidden_db = make_db(tmp)
    wedid = write(os.path.join(tmp, "wedid.ini"),
                  "; what people said and what we did\n"
                  "[2024-12 Counselling]\nyou_said = Appointments felt rushed.\n"
                  "we_did = First appointments are now one hour.\n"
                  "you_said.es = Las citas parecían apresuradas.\n"
                  "we_did.es = Las primeras citas ahora duran una hora.\n\n"
                  "[2024-08 Counselling]\nwe_did = A quiet room for waiting.\n")

    # 1. The text summary: constructs, intervals, direction, what stands out.
    text = report("--month", "2024-12", db).stdout
    summary = text.split("DETAILS")[0]
    block = summary[summary.index("== Counselling, Dec 2024 =="):summary.index("== Housing, Dec 2024 ==")]
    check("summary-constructs-with-intervals",
          re.search(r"Yes, fully +95% interval +Mostly or better\n", block)
          and all(re.search(r"Felt %s +\d+%% +\d+ to \d+%% +\d+%%\n" % k, block)
                  for k in ("heard", "respected", "in control")), block)
    check("summary-jump-more-than-chance",
          re.search(r"Felt heard: \+4[78] points since Nov 2024\. This is more than chance\.", block), block)
    check("summary-month-beyond-interval",
          "Felt heard: this month is clearly above the usual level" in block, block)
    check("summary-trend-rising",
          "Felt respected: went up 8 months in a row, Mar 2024 to Dec 2024. This is more than chance." in flat(block)
          and re.search(r"Felt respected .*\n +12 months: rising, from 25% in Mar 2024 to 60% in Dec 2024\n",
                        block), block)
    check("summary-flat-could-be-chance",
          "Felt in control: no change since Nov 2024." in block
          and re.search(r"Felt in control .*\n +12 months: no clear change, from 38% in Mar 2024 to 38% in "
                        r"Dec 2024\n", block), block)
    housing = summary[summary.index("== Housing, Dec 2024 =="):summary.index("== Youth, Dec 2024 ==")]
    check("summary-small-change-could-be-chance",
          "Felt heard: +7 points since Nov 2024. This could be chance." in housing
          and "more than chance" not in housing, housing)
    check("how-to-read", "How to read this" in text and "Mostly or better" in text and "95% interval" in text)
    howto = text[text.index("How to read this"):text.index("SUMMARY")]
    check("how-to-read-fft-and-spread",
          re.search(r"Friends and Family Test \(FFT\): \"positive\" is the share who said \"Very good\"\s+or "
                    r"\"Good\", \"negative\" the share who said \"Poor\" or \"Very poor\"; both are of\s+all "
                    r"answers, \"Don't know\"\s+too", howto)
          and re.search(r"Spread, 1 to 5: a bar per question", howto), howto)

    # 1b. The summary agrees with itself: a rise that ended is "Earlier:",
    # the direction says since when, with the year's first and last figure.
    youth = summary[summary.index("== Youth, Dec 2024 =="):summary.index("== All services")]
    check("summary-earlier-run",
          "Felt heard 47% 30 to 64% 47% 12 months: no clear change since May 2024, from 20% in Jan 2024 to "
          "47% in Dec 2024 Felt respected" in flat(youth)
          and "- Earlier: felt heard went up 5 months in a row, Jan 2024 to May 2024. That was more than "
          "chance, but it has not gone on since." in flat(youth)
          and "Felt heard: went up" not in youth, youth)
    # 2. Figures in what stands out are those of the table: 43 then 47 is +4
    # (exactly 3.3); the run-chart rules on the shown figures.
    table = text[text.index("Youth: Jan 2024 to Dec 2024"):]
    check("summary-change-of-shown-figures", "Felt heard: +4 points since Nov 2024. This could be chance." in youth
          and re.search(r"^  heard( +\d+){4} +43 +47 +\d+$", table, re.M)
          and re.search(r"^    heard +\+4 points, could be chance$", table, re.M), table[:1200])
    # 3. The FFT and the poster's figures in the summary; an all-hidden year.
    check("summary-fft", "  Friends and Family Test: 60% positive, 17% negative.\n" in youth
          and "Friends and Family Test" not in block, youth)
    poster_youth = report("--month", "2024-12", "--service", "Youth", "--format", "poster", db).stdout
    tens = re.findall(r"<span class=\"big\" aria-hidden=\"true\">(\d+)<small>", poster_youth.split("</section>")[0])
    said = re.findall(r"^    (\d+) in 10: (.*) \((\d+)%\)$", youth, re.M)
    check("summary-poster-figures", len(said) == 3 and [t for t, _, _ in said] == tens
          and said[0][1] == "Did the staff listen to you?"
          and all(round(int(pct) / 10) == int(t) for t, _, pct in said), (said, tens))
    hidden_text = report("--month", "2024-12", hidden_db).stdout
    outreach = hidden_text[hidden_text.index("== Outreach, Dec 2024 =="):hidden_text.index("== All services")]
    check("summary-all-hidden", outreach.count("12 months: not enough answers yet") == 3
          and "no clear change" not in outreach, outreach)
    # 5. An 80-column terminal: no line over 80 characters.
    wide = [l for t in (text, report("--from", "2024-01", "--to", "2024-12", db).stdout, hidden_text)
            for l in t.splitlines() if len(l) > 80]
    check("text-fits-80-columns", not wide, wide[:3])

    # 2. Words, not ids; months by name; no answers yet apart from not shown.
    check("text-question-wording", "Did the staff listen to you?" in text and "heard.listen" not in text)
    full = report("--from", "2024-01", "--to", "2024-12", db).stdout
    check("text-months-by-name", "Counselling, Mar 2024: 40 responses" in full and "2024-0" not in full
          and not re.search(r"\b\d\d-\d\d\b", full))
    check("text-no-answers-yet-vs-not-shown",
          "Counselling, Jan 2024: no answers yet" in full and "Counselling, May 2024: not shown" in full
          and "Housing, Jan 2024: 30 responses" in full)
    row = re.search(r"^  heard\s+(.*)$", text[text.index("Counselling: Jan 2024 to Dec 2024"):], re.M)
    check("text-trend-marks", row and row.group(1).split()[:5] == [".", ".", "30", "28", "-"],
          row.group(0) if row else "no trend row")

    # 3. The configured order, "Not said" and ALL last.
    cfg = write(os.path.join(tmp, "order.ini"), "[services]\nservice = Housing\nservice = Counselling\n")
    heads = re.findall(r"^== (.*), Dec 2024 ==$", report("--month", "2024-12", "--config", cfg, db).stdout, re.M)
    check("configured-order", heads[:2] == ["Housing", "Counselling"] and heads[-1] == "All services", heads)
    heads = re.findall(r"^== (.*), Dec 2024 ==$", summary, re.M)
    check("name-order-without-config", heads[:2] == ["Counselling", "Housing"], heads)

    # 4. HTML: summary, scaled axes, marks, actions.
    html_path = os.path.join(tmp, "one.html")
    p = report("--month", "2024-12", "--service", "Counselling", "--we-did", wedid, "--format", "html",
               "-o", html_path, db)
    html = open(html_path, encoding="utf-8").read()
    check("html-summary", "<h2 id=\"sum\">Summary</h2>" in html and "How to read this" in html
          and re.search(r"<th scope=\"row\">respected</th><td>\d+%</td><td>\d+&ndash;\d+%</td><td>\d+%</td>"
                        r"<td class=\"words\">rising, from 25% in Mar 2024 to 60% in Dec 2024</td>", html),
          "no summary table")
    # the comments item, in both: what they are, the rule, [removed], the language
    item = ("Comments: clients' own words, shown only for a month with enough answers and at least 3 comments, "
            "in random order. They are not linked to any answers. [removed] marks where heard took out a "
            "number, an address or a staff name. The HTML report shows the words; the text report says only "
            "how many. Comments may be in any of the kiosk's languages. The language is not kept. For words "
            "you cannot read, ask an interpreter your service already uses, as for any note about a client. "
            "If a comment speaks of harm or danger, raise it under your service's safeguarding procedure.")
    html_howto = html[html.index("<h2 id=\"howto\">"):html.index("<h2 id=\"sum\">")]
    check("how-to-read-comments", item in flat(howto)
          and "<li>" + item.replace("'", "&#39;") + "</li>" in html_howto, (flat(howto)[-600:], html_howto[-700:]))
    check("html-no-answers-yet-vs-not-shown", "Jan 2024: no answers yet." in html and "May 2024: not shown." in html)
    scales = re.findall(r"Scale (\d+)% to (\d+)%, not from 0", html)
    check("html-axes-scaled", len(scales) >= 3 and any(s != ("0", "100") for s in scales), scales)
    check("html-we-did-on-charts",
          html.count("Action 1, Aug 2024: A quiet room for waiting.") == 3
          and "Action 2, Dec 2024: First appointments are now one hour." in html
          and html.count("<rect ") >= 6 and "You said: Appointments felt rushed." in html, "no action marks")
    check("html-no-raw-periods", not re.search(r"\b2024-\d\d\b", html))
    check("html-service-alone", "All services" not in html and "Housing" not in html)

    # 5. The poster: a page per language, English first, the service, the
    # we-did lines in each language, no technical note, suppression kept.
    poster = report("--month", "2024-12", "--service", "Counselling", "--we-did", wedid,
                    "--format", "poster", db).stdout
    langs = re.findall(r"<section lang=\"([a-z]+)\"", poster)
    shipped = sorted(f[:-4] for f in os.listdir(os.path.join(ROOT, "assets/strings"))
                     if f.endswith(".ini") and f != "questions.ini")
    check("poster-page-per-language", sorted(langs) == shipped and langs[0] == "en", langs)
    sections = poster.split("<section ")[1:]
    check("poster-service-name", all("<p class=\"service\">Counselling</p>" in s for s in sections))
    check("poster-no-footnote", "not comparable" not in poster and "postal" not in poster)
    es = next(s for s in sections if s.startswith("lang=\"es\""))
    pl = next(s for s in sections if s.startswith("lang=\"pl\""))
    check("poster-we-did", "What we did: First appointments are now one hour." in sections[0]
          and "Las primeras citas ahora duran una hora." in es
          and "A quiet room" not in poster, "we-did lines")
    # 4. An entry without words in the page's language: wholly in the
    # default language, its labels too, marked so, as the kiosk shows it.
    check("poster-we-did-wholly-default",
          "<div lang=\"en\" dir=\"ltr\"><p>You told us: Appointments felt rushed.</p><p class=\"did\">"
          "What we did: First appointments are now one hour.</p></div>" in pl
          and "Co zrobiliśmy" not in pl and "Powiedzieliście nam:" not in pl
          and "<div lang" not in sections[0] + es and "Lo que hicimos: Las primeras" in es, pl)
    check("poster-language-order", langs == ["en", "es", "pl", "uk", "ar"], langs)
    cfg_langs = write(os.path.join(tmp, "langs.ini"), "[kiosk]\nlanguages = en, ar, pl\ndefault_language = pl\n"
                      "[services]\nservice = Housing\nservice = Counselling\nservice = Youth\n")
    two = write(os.path.join(tmp, "two.ini"), "[2024-12 Counselling]\nwe_did = Counselling did this.\n"
                "[2024-12 Housing]\nwe_did = Housing did that.\n")
    ordered = report("--month", "2024-12", "--config", cfg_langs, "--we-did", two, "--format", "poster", db).stdout
    check("poster-language-order-config",
          re.findall(r"<section lang=\"([a-z]+)\"", ordered) == ["pl", "en", "ar", "es", "uk"],
          re.findall(r"<section lang=\"([a-z]+)\"", ordered))
    whos = re.findall(r"<p class=\"who\">([^<]*)</p>", ordered.split("</section>")[0])
    check("poster-services-config-order", whos == ["Housing", "Counselling"], whos)
    check("poster-big-numbers", len(re.findall(r"<span class=\"big\" aria-hidden=\"true\">\d+<small>/10", sections[0])) == 3)
    poster_path = write(os.path.join(tmp, "poster.html"), poster)
    cfg_es = write(os.path.join(tmp, "es.ini"), "[services]\nservice = Counselling\nservice = Housing\n"
                   "[services.es]\nservice = Orientación\nservice = Vivienda\n")
    local = report("--month", "2024-12", "--service", "Counselling", "--config", cfg_es, "--format", "poster", db).stdout
    es = local.split("<section lang=\"es\"")[1].split("</section>")[0]
    en = local.split("<section lang=\"en\"")[1].split("</section>")[0]
    check("poster-service-name-per-language", "<p class=\"service\">Orientación</p>" in es
          and "<p class=\"service\">Counselling</p>" in en)
    small = report("--month", "2024-05", "--service", "Counselling", "--format", "poster", db).stdout
    check("poster-hidden-month", small.count("Not enough people answered this to show it.") == 3
          and "class=\"big\"" not in small)

    # 6. The we-did file's errors: file and line.
    bad = write(os.path.join(tmp, "bad.ini"), "[2024-12 Counselling]\nwe_did = ok\n[not a month]\nwe_did = x\n")
    p = report("--month", "2024-12", "--we-did", bad, db, ok=False)
    check("we-did-bad-file", p.returncode == 2 and "bad.ini:3" in p.stderr, (p.returncode, p.stderr))
    typo = write(os.path.join(tmp, "typo.ini"), "[2024-12 Counseling]\nwe_did = ok\n")
    p = report("--month", "2024-12", "--we-did", typo, db, ok=False)
    check("we-did-unknown-service", p.returncode == 0 and "typo.ini:1" in p.stderr
          and "Counseling" in p.stderr, (p.returncode, p.stderr))

    # 7. In the browser: axe-core, and one month of one service on <= 2 pages.
    out = subprocess.run(["node", os.path.join(ROOT, "tests/html/check.js"), "--max-pages", "2", html_path,
                          "--max-pages", str(len(shipped)), poster_path],
                         capture_output=True, text=True, timeout=300).stdout
    print(out, end="")
    for line in out.splitlines():
        results.append(line.startswith("PASS"))
    check("browser-checks-ran", "one.html-pages (" in out and "poster.html-axe" in out, out)

    # 7. The summary's sentences agree with its table, figure for figure,
    # on simulated years (heard-simulate; seed 3 has a month of exactly
    # 2.5%, which the table prints as 2): the year's last figure is this
    # month's, and "clearly above/below the usual level (M%)" only when
    # the printed interval leaves M out.
    bad, years = [], 0
    for seed in (3, 7, 11):
        sim = os.path.join(tmp, "sim%d.db" % seed)
        p = subprocess.run([os.path.join(BUILD, "heard-simulate"), "--db", sim, "--responses", "1500",
                            "--services", "6", "--fft", "--seed", str(seed)], capture_output=True, text=True)
        if p.returncode:
            raise SystemExit("heard-simulate: exit %d: %s" % (p.returncode, p.stderr))
        summ = flat(report(sim).stdout.split("DETAILS")[0])
        for m in re.finditer(r"Felt (heard|respected|in control) (\d+)% (\d+) to (\d+)% \d+% "
                             r"12 months: (?:(?!Felt ).)*? to (\d+)% in [A-Z][a-z]{2} \d{4}", summ):
            years += 1
            if m.group(2) != m.group(5):
                bad.append("seed %d: %s" % (seed, m.group(0)))
        for m in re.finditer(r"Felt (heard|respected|in control) (\d+)% (\d+) to (\d+)%", summ):
            what, lo, hi = m.group(1), int(m.group(3)), int(m.group(4))
            c = re.search(r"Felt %s: this month is clearly (above|below) the usual level \((\d+)%%\)" % what,
                          summ[m.end():].split("==")[0])
            if c and ((c.group(1) == "above" and lo <= int(c.group(2))) or
                      (c.group(1) == "below" and hi >= int(c.group(2)))):
                bad.append("seed %d: %s %d to %d, %s" % (seed, what, lo, hi, c.group(0)))
    check("summary-sentences-match-table", not bad and years >= 30, (years, bad[:3]))

    comments_checks(tmp)

    passed = sum(1 for r in results if r)
    shutil.rmtree(tmp)
    print("REPORT-SUMMARY: %d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
