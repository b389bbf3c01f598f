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
Ends with "REPORT-SUMMARY: N passed, N failed"."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("BUILD") or "build")
REPORT = os.path.join(BUILD, "heard-report")
HEARD = ("heard.listen", "heard.time", "heard.matters")
RESPECT = ("respect.respect", "respect.person")
CONTROL = ("control.say", "control.no", "control.next")
MONTHS = ["2024-%02d" % m for m in range(1, 13)]

results = []


def check(name, cond, why=""):
    results.append(cond)
    print(("PASS %s" % name) if cond else ("FAIL %s: %s" % (name, why)))


def build_mkdb(tmp):
    exe = os.path.join(tmp, "mkdb")
    pc = subprocess.run(["pkg-config", "--cflags", "--libs", "sqlite3"], capture_output=True,
                        text=True, check=True).stdout.split()
    core = os.path.join(ROOT, "core")
    subprocess.run(["cc", "-std=c11", "-O1", "-D_GNU_SOURCE", "-I" + core, "-o", exe,
                    os.path.join(ROOT, "tests/audit/mkdb.c"), os.path.join(core, "store.c"),
                    os.path.join(core, "util.c")] + pc + ["-lm"], check=True)
    return exe


def month_lines(period, service, n, kh, kr, kc):
    """n people; the first kh say 5 to the heard questions (the rest 1),
    likewise kr (respected) and kc (in control)."""
    groups = {}
    for i in range(n):
        key = (5 if i < kh else 1, 5 if i < kr else 1, 5 if i < kc else 1)
        groups[key] = groups.get(key, 0) + 1
    out = []
    for (h, r, c), count in sorted(groups.items()):
        answers = ["%s=%d" % (q, h) for q in HEARD] + ["%s=%d" % (q, r) for q in RESPECT] + \
                  ["%s=%d" % (q, c) for q in CONTROL]
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
    db = os.path.join(tmp, "year.db")
    subprocess.run([build_mkdb(tmp), db, "kiosk-1"], input="".join(lines), text=True, check=True)
    return db


def report(*args, ok=True):
    p = subprocess.run([REPORT] + list(args), capture_output=True, text=True, timeout=60)
    if ok and p.returncode:
        raise SystemExit("heard-report %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main():
    tmp = tempfile.mkdtemp(prefix="report-summary-")
    db = make_db(tmp)
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
          all(re.search(r"Felt %s\s+\d+%% \"Yes, fully\" \(95%% interval \d+ to \d+%%\)" % k, block)
              for k in ("heard", "respected", "in control")), block)
    check("summary-jump-more-than-chance",
          re.search(r"Felt heard: \+4[78] points since Nov 2024\. This is more than chance\.", block), block)
    check("summary-month-beyond-interval",
          "Felt heard: this month is clearly above the usual level" in block, block)
    check("summary-trend-rising",
          "Felt respected: went up 8 months in a row, Mar 2024 to Dec 2024. This is more than chance." in block
          and re.search(r"Felt respected .*12 months: rising", block), block)
    check("summary-flat-could-be-chance",
          "Felt in control: no change since Nov 2024." in block
          and re.search(r"Felt in control .*12 months: no clear change", block), block)
    housing = summary[summary.index("== Housing, Dec 2024 =="):]
    check("summary-small-change-could-be-chance",
          "Felt heard: +7 points since Nov 2024. This could be chance." in housing
          and "more than chance" not in housing.split("== Not said")[0].split("== All")[0], housing)
    check("how-to-read", "How to read this" in text and "Mostly or better" in text and "95% interval" in text)

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
          and re.search(r"<th scope=\"row\">respected</th><td>\d+%</td><td>\d+&ndash;\d+%</td>"
                        r"<td class=\"words\">rising</td>", html), "no summary table")
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
          and "<bdi lang=\"en\">First appointments are now one hour.</bdi>" in pl
          and "<bdi" not in sections[0] + es and "A quiet room" not in poster, "we-did lines")
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

    shutil.rmtree(tmp)
    passed = sum(1 for r in results if r)
    print("REPORT-SUMMARY: %d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
