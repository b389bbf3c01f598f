#!/bin/sh
# heard-report as a manager or admin meets it: real databases made by
# heard-simulate, figures checked against an independent computation from
# the raw tables (sqlite3 CLI + Python), and every kind of bad input.
. "$(dirname "$0")/lib.sh"
R=${BUILD:-build}/heard-report
S=${BUILD:-build}/heard-simulate

$S --db "$T/a.db" --responses 6000 --services 6 --months 12 --seed 11 >/dev/null || bad simulate "heard-simulate failed"
month=$(sqlite3 "$T/a.db" 'SELECT max(period) FROM count_response')

# 1. CSV and JSON against an independent computation from the raw rows.
$R --month "$month" --format csv -o "$T/r.csv" "$T/a.db" || bad csv "exit $?"
$R --month "$month" --format json -o "$T/r.json" "$T/a.db" || bad json "exit $?"
$R --month "$month" "$T/a.db" >"$T/r.txt" || bad text "exit $?"
sqlite3 -csv "$T/a.db" "SELECT service, question, value, n FROM count_answer WHERE period = '$month'" >"$T/raw.csv"
sqlite3 -csv "$T/a.db" "SELECT service, n FROM count_response WHERE period = '$month'" >"$T/resp.csv"
if /usr/bin/python3 - "$T" "$month" <<'PY'
import csv, json, math, sys
t, month = sys.argv[1], sys.argv[2]
z = 1.959963984540054
def wilson(k, n):
    p = k / n; d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return 100 * p, 100 * max(0, c - h), 100 * min(1, c + h)
raw = {}
for svc, q, v, n in csv.reader(open(f"{t}/raw.csv")):
    svc = svc or "Not said"
    for key in ((svc, q), ("ALL", q)):
        raw.setdefault(key, [0] * 7)[int(v) + 1] += int(n)   # index 0 = n/a, 1 = skip
resp = {(s or "Not said"): int(n) for s, n in csv.reader(open(f"{t}/resp.csv"))}
rows = list(csv.DictReader(open(f"{t}/r.csv", newline="", encoding="utf-8-sig")))
assert open(f"{t}/r.csv", "rb").read(3) == b"\xef\xbb\xbf", "no UTF-8 byte-order mark"
header = open(f"{t}/r.csv", encoding="utf-8-sig").readline().strip()
assert header == ("service,period,question,construct,answered,skipped,not_applicable,v1,v2,v3,v4,v5,"
                  "top_box_pct,top_box_low,top_box_high,top_two_pct,top_two_low,top_two_high,suppressed"), header
assert open(f"{t}/r.csv", "rb").read().count(b"\r\n") == len(rows) + 1, "RFC 4180 line ends"
js = json.load(open(f"{t}/r.json"))
jq = {(g["service"], q["question"]): q for g in js["groups"] for q in g["questions"]}
text = open(f"{t}/r.txt", encoding="utf-8").read()
assert "not comparable with postal surveys" in text and "not comparable with postal surveys" in js["note"]
import re, configparser
# the text report names questions by their English wording, months by name
en = configparser.ConfigParser(interpolation=None, strict=False)
en.read("assets/strings/en.ini", encoding="utf-8")
wording = {v: k for k, v in en["questions"].items()}
assert not any(re.search(r"\b%s\b" % re.escape(q), text) for q in wording.values()), "a question id in the text"
mname = "%s %s" % (("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[int(month[5:]) - 1], month[:4])
assert "heard report, %s" % mname in text and month not in text, "months by name"
assert not re.search(r"\b\d\d-\d\d\b", text), "a date like 25-12: " + re.search(r".*\b\d\d-\d\d\b.*", text).group(0)
assert not re.search(r"\b1 points\b|[+-]1 points", text), "1 points"
textrows, cur, q = {}, None, None
for line in text.split("DETAILS", 1)[1].splitlines():
    m = re.match(r"^(.*), ([A-Z][a-z]{2} \d{4}): ", line)
    if m:
        cur = m.group(1)
        continue
    if line[2:].strip() in wording:
        q = wording[line[2:].strip()]
        continue
    m = re.match(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)% \((\d+) to (\d+)\)\s+(\d+)%", line)
    if cur and q and m:
        textrows[(cur, q)] = tuple(int(x) for x in m.groups())
        q = None
assert len(textrows) >= 8, "text report not parsed"
shown = hidden = 0
for r in rows:
    key = (r["service"], r["question"])
    counts = raw.get(key, [0] * 7)
    answered = sum(counts[2:])
    j = jq[key]
    if r["suppressed"] == "1":
        hidden += 1
        assert all(r[c] == "" for c in ("answered", "v1", "top_box_pct", "skipped")), r
        assert j["suppressed"] is True and "answered" not in j
        continue
    shown += 1
    assert answered >= 10 and resp[r["service"]] >= 10 if r["service"] != "ALL" else True, r
    assert int(r["answered"]) == answered == j["answered"], (r, counts)
    assert int(r["skipped"]) == counts[1] == j["skipped"]
    assert int(r["not_applicable"]) == counts[0] == j["not_applicable"]
    assert [int(r[f"v{i}"]) for i in range(1, 6)] == counts[2:] == j["spread"]
    for name, k in (("top_box", counts[6]), ("top_two", counts[5] + counts[6])):
        p, lo, hi = wilson(k, answered)
        for col, want in ((f"{name}_pct", p), (f"{name}_low", lo), (f"{name}_high", hi)):
            assert abs(float(r[col]) - want) < 0.051, (col, r[col], want)
        assert abs(j[name]["pct"] - p) < 0.051 and abs(j[name]["low"] - lo) < 0.051
    # the text report shows the same figures for this service and question
    tr = textrows.get((r["service"], r["question"]))
    assert tr is not None, ("not in the text report", key)
    assert tr[:3] == (answered, counts[1], counts[0]), (tr, r)
    assert abs(tr[3] - 100 * counts[6] / answered) <= 0.5001, (tr, r)
    assert abs(tr[6] - 100 * (counts[5] + counts[6]) / answered) <= 0.5001, (tr, r)
assert shown > 0, "nothing shown"
print(f"checked {shown} shown and {hidden} suppressed rows")
PY
then ok csv-json-text-agree-with-raw-data; else bad csv-json-text-agree-with-raw-data "see above"; fi

# 2. The same response in two files (or a later copy) counts once.
cp "$T/a.db" "$T/copy.db"
mkdir "$T/dir" && cp "$T/a.db" "$T/dir/k1.db" && cp "$T/a.db" "$T/dir/k1-later.db"
$R --month "$month" --format csv "$T/a.db" >"$T/one.csv"
$R --month "$month" --format csv "$T/a.db" "$T/copy.db" "$T/dir" >"$T/many.csv"
cmp -s "$T/one.csv" "$T/many.csv" && ok duplicates-count-once || bad duplicates-count-once "$(diff "$T/one.csv" "$T/many.csv" | head -3)"
# A copy taken later holds more: with the earlier copy it counts as itself
# alone; another kiosk's database adds its own responses.
cp "$T/a.db" "$T/later.db"
$S --db "$T/later.db" --responses 900 --services 6 --months 1 --seed 12 >/dev/null
$S --db "$T/b.db" --responses 700 --services 6 --months 2 --seed 13 >/dev/null
responses() { # JSON report on stdin -> ALL's responses in the month
	/usr/bin/python3 -c 'import json, sys; print(sum(g["responses"] for g in json.load(sys.stdin)["groups"] if g["service"] == "ALL"))'
}
n_a=$($R --month "$month" --format json "$T/a.db" | responses)
n_later=$($R --month "$month" --format json "$T/later.db" | responses)
n_b=$($R --month "$month" --format json "$T/b.db" | responses)
$R --month "$month" --format csv "$T/later.db" >"$T/later.csv"
$R --month "$month" --format csv "$T/a.db" "$T/later.db" "$T/copy.db" >"$T/both.csv"
[ "$n_later" -gt "$n_a" ] && cmp -s "$T/later.csv" "$T/both.csv" && ok later-copy-counts-once ||
	bad later-copy-counts-once "a $n_a, later $n_later: $(diff "$T/later.csv" "$T/both.csv" | head -3)"
# ... but a closed month never changes, so the report says the two differ
$R --month "$month" --format csv "$T/a.db" "$T/later.db" 2>"$T/twin.err" >/dev/null
grep -q "later.db holds more in $month" "$T/twin.err" && grep -q "a.db" "$T/twin.err" &&
	ok twin-that-holds-more-warned || bad twin-that-holds-more-warned "$(cat "$T/twin.err")"
# ... and a copy whose database id was changed by hand would count twice:
# no two kiosks answer alike, so the same counts under two ids are said
cp "$T/a.db" "$T/reid.db"
sqlite3 "$T/reid.db" "UPDATE meta SET value = 'abababababababababababababababab' WHERE key = 'database_id'"
$R --month "$month" --format csv "$T/a.db" "$T/reid.db" 2>"$T/reid.err" >/dev/null
grep -q "a.db and .*reid.db hold exactly the same counts in $month" "$T/reid.err" &&
	! $R --month "$month" --format csv "$T/a.db" "$T/b.db" 2>&1 >/dev/null | grep -q "same counts" &&
	ok copy-with-changed-id-warned || bad copy-with-changed-id-warned "$(cat "$T/reid.err")"
n_ab=$($R --month "$month" --format json "$T/later.db" "$T/a.db" "$T/b.db" | responses)
[ "$n_ab" -eq $((n_later + n_b)) ] && ok kiosks-add-up || bad kiosks-add-up "$n_later + $n_b != $n_ab"

# 2b. heard-kiosk --backup: a safe copy, also while the kiosk is writing;
# it keeps the database id, so it counts once with the original.
K=${BUILD:-build}/heard-kiosk
cp "$T/a.db" "$T/live.db"
/usr/bin/python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")  # a writer in the middle of saving
time.sleep(1.5)
c.execute("COMMIT")' "$T/live.db" &
wpid=$!
sleep 0.3
$K --db "$T/live.db" --backup "$T/backup.db" >"$T/bk.out" 2>"$T/err"
rc=$?
wait $wpid
$R --month "$month" --format csv "$T/backup.db" >"$T/backup.csv" 2>>"$T/err"
$R --month "$month" --format csv "$T/live.db" "$T/backup.db" >"$T/live-and-backup.csv" 2>>"$T/err"
if [ $rc -eq 0 ] && [ "$(stat -c %a "$T/backup.db")" = 600 ] && [ ! -e "$T/backup.db-wal" ] &&
	[ "$(sqlite3 "$T/backup.db" 'PRAGMA integrity_check')" = ok ] &&
	[ "$(sqlite3 "$T/backup.db" "SELECT value FROM meta WHERE key = 'database_id'")" = \
	  "$(sqlite3 "$T/a.db" "SELECT value FROM meta WHERE key = 'database_id'")" ] &&
	cmp -s "$T/one.csv" "$T/backup.csv" && cmp -s "$T/one.csv" "$T/live-and-backup.csv"; then
	ok backup-safe-copy-counts-once
else
	bad backup-safe-copy-counts-once "exit $rc: $(cat "$T/err"); mode $(stat -c %a "$T/backup.db" 2>&1)"
fi
refuse_backup() { # NAME PATTERN DB COPY: exit 2, one line naming the problem, nothing made
	$K --db "$3" --backup "$4" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -qF -- "$2" "$T/err"; then ok "$1"
	else bad "$1" "exit $rc: $(cat "$T/err")"; fi
}
refuse_backup backup-never-overwrites "already there" "$T/live.db" "$T/backup.db"
refuse_backup backup-missing-database "$T/nothing.db" "$T/nothing.db" "$T/b2.db"
printf 'not a database\n' >"$T/notdb.db"
refuse_backup backup-not-a-database "$T/notdb.db" "$T/notdb.db" "$T/b3.db"
[ ! -e "$T/b2.db" ] && [ ! -e "$T/b3.db" ] && ok backup-leaves-nothing-on-error || bad backup-leaves-nothing-on-error "$(ls "$T"/b?.db)"

# 3. Suppression: a service with few responses shows only "fewer than 10".
$S --db "$T/small.db" --responses 30 --services 6 --months 1 --seed 2 >/dev/null
m2=$(sqlite3 "$T/small.db" 'SELECT max(period) FROM count_response')
$R --month "$m2" "$T/small.db" >"$T/small.txt"
grep -q "not shown" "$T/small.txt" && ok small-groups-suppressed || bad small-groups-suppressed "no suppression shown"
# never which hidden group is the small one: that would tell a reader it
# holds under 10 and its cover at least 10
! grep -q "fewer than 10 responses\|^  [a-z.]* *fewer than" "$T/small.txt" &&
	$R --month "$m2" --format json "$T/small.db" | /usr/bin/python3 -c '
import json, sys
js = json.load(sys.stdin)
reasons = {q.get("reason") for g in js["groups"] for q in g["questions"] if q["suppressed"]}
assert reasons == {"hidden"}, reasons
' && ok hidden-says-not-why || bad hidden-says-not-why "a hidden group says why"
$R --month "$m2" --format csv "$T/small.db" | /usr/bin/python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    assert r["suppressed"] == "1" or int(r["answered"]) >= 10, r
' && ok csv-never-shows-small || bad csv-never-shows-small "a small group is shown"

# 3b. The threshold can be raised in the config, never lowered.
printf '[report]\nthreshold = 40\n' >"$T/t40.ini"
printf '[report]\nthreshold = 9\n' >"$T/t9.ini"
$R --month "$month" --format csv --config "$T/t40.ini" "$T/a.db" | /usr/bin/python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
shown = [r for r in rows if r["suppressed"] == "0"]
assert all(int(r["answered"]) >= 40 for r in shown), "a group under 40 is shown"
assert any(r["suppressed"] == "1" for r in rows), "nothing hidden at 40"
' && ok threshold-raised || bad threshold-raised "see above"
$R --month "$month" --config "$T/t40.ini" "$T/a.db" | grep -q "fewer than 40" && ok threshold-named || bad threshold-named "text does not say 40"
$R --month "$month" --config "$T/t9.ini" "$T/a.db" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "t9.ini:2: key 'threshold'" "$T/err" && ok threshold-not-lowered ||
	bad threshold-not-lowered "$(cat "$T/err")"
# No figure spans several months, so no month can be had by subtraction.
$R --from "$(sqlite3 "$T/a.db" 'SELECT min(period) FROM count_response')" --to "$month" --format csv "$T/a.db" |
	/usr/bin/python3 -c '
import csv, re, sys
rows = list(csv.DictReader(sys.stdin))
assert len({r["period"] for r in rows}) == 12 and all(re.fullmatch(r"\d{4}-\d{2}", r["period"]) for r in rows)
' && ok no-range-totals || bad no-range-totals "a period is not a single month"

# 4. Bad input: exit 2, one line naming the file and the problem, no output file.
printf 'not a database\n' >"$T/text.db"
sqlite3 "$T/other.db" 'CREATE TABLE invoices(n)'
head -c 20000 "$T/a.db" >"$T/truncated.db"
# damage where the report reads: the pages of the answer counts zeroed
cp "$T/a.db" "$T/corrupt.db"
psize=$(sqlite3 "$T/corrupt.db" "PRAGMA page_size")
for page in $(sqlite3 "$T/corrupt.db" "SELECT pageno FROM dbstat WHERE name = 'count_answer' AND pagetype = 'leaf'"); do
	dd if=/dev/zero of="$T/corrupt.db" bs="$psize" seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null
done
# and anywhere: refused, or the figures of the undamaged file, never others
cp "$T/a.db" "$T/scratched.db"
size=$(stat -c %s "$T/scratched.db")
dd if=/dev/urandom of="$T/scratched.db" bs=1 seek=$((size / 2)) count=4096 conv=notrunc 2>/dev/null
cp "$T/a.db" "$T/newer.db"
sqlite3 "$T/newer.db" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
refuse() { # NAME PATTERN ARGS...  (a report that hangs is stopped after 10 s)
	name=$1 pat=$2; shift 2
	timeout 10 $R -o "$T/out.txt" "$@" >"$T/stdout" 2>"$T/err"
	rc=$?
	if [ $rc -ne 2 ]; then bad "$name" "exit $rc: $(cat "$T/err")"
	elif [ "$(wc -l <"$T/err")" -ne 1 ]; then bad "$name" "not one line: $(cat "$T/err")"
	elif ! grep -qF -- "$pat" "$T/err"; then bad "$name" "no '$pat' in: $(cat "$T/err")"
	elif ls "$T"/out.txt* >/dev/null 2>&1; then bad "$name" "output file left behind"
	else ok "$name"; fi
}
refuse missing-file "$T/nope.db" "$T/nope.db"
refuse not-sqlite "$T/text.db" "$T/text.db"
refuse other-program "another program" "$T/other.db"
refuse truncated "$T/truncated.db" --month "$month" "$T/truncated.db"
refuse corrupt "$T/corrupt.db: damaged" --month "$month" "$T/corrupt.db"
$R --month "$month" --format csv "$T/scratched.db" >"$T/scratched.csv" 2>"$T/err"
rc=$?
{ [ $rc -eq 2 ] && grep -q "scratched.db" "$T/err"; } || { [ $rc -eq 0 ] && cmp -s "$T/one.csv" "$T/scratched.csv"; } &&
	ok damaged-elsewhere || bad damaged-elsewhere "exit $rc and other figures: $(head -c 300 "$T/err")"
refuse newer-schema "newer" "$T/newer.db"
# Tampered with by hand (the attacker's edits): a count that is not a
# number (it read as 0), a view in a table's place, more answers to a
# question than responses (the service then hid or showed other figures)
cp "$T/a.db" "$T/text-count.db"
sqlite3 "$T/text-count.db" "UPDATE count_answer SET n = 'abc' WHERE rowid IN (SELECT rowid FROM count_answer WHERE period = '$month' LIMIT 1)" 2>/dev/null ||
	sqlite3 "$T/text-count.db" "UPDATE count_answer SET n = 'abc' WHERE (period, service, question, value) IN (SELECT period, service, question, value FROM count_answer WHERE period = '$month' LIMIT 1)"
refuse text-count "$T/text-count.db: damaged" --month "$month" "$T/text-count.db"
cp "$T/a.db" "$T/view.db"
sqlite3 "$T/view.db" "CREATE TABLE cr AS SELECT * FROM count_response; DROP TABLE count_response; CREATE VIEW count_response AS SELECT * FROM cr"
refuse view-for-table "$T/view.db: damaged" --month "$month" "$T/view.db"
cp "$T/a.db" "$T/fewer.db"
sqlite3 "$T/fewer.db" "UPDATE count_response SET n = 5 WHERE period = '$month' AND service = (SELECT min(service) FROM count_response WHERE period = '$month')"
refuse answers-over-responses "more answers to" --month "$month" "$T/fewer.db"
refuse empty-period "no responses" --month 2001-01 "$T/a.db"
refuse unknown-service "--service 'Dentistry'" --month "$month" --service Dentistry "$T/a.db"
refuse bad-month "--month" --month 2026-13 "$T/a.db"
refuse bad-format "--format" --format pdf "$T/a.db"
refuse open-month "not over yet" --month "$(date +%Y-%m)" "$T/a.db"
refuse open-month-to "not over yet" --from "$month" --to "$(date +%Y-%m)" "$T/a.db"

# 4b. A FIFO, a device or a folder holding one: refused at once, naming it.
mkfifo "$T/fifo.db"
start=$(date +%s%N)
refuse fifo-refused "$T/fifo.db: not a regular file" "$T/fifo.db"
[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 1000 ] && ok fifo-at-once || bad fifo-at-once "took over a second"
refuse device-refused "/dev/null: not a regular file" /dev/null
mkdir "$T/fifodir" && cp "$T/a.db" "$T/fifodir/a.db" && mkfifo "$T/fifodir/b.db"
refuse fifo-in-folder "fifodir/b.db: not a regular file" "$T/fifodir"

# 4c. Outputs are inert: a service named as a formula, with an escape
# sequence or with bytes that are not UTF-8.
cp "$T/a.db" "$T/evil.db"
first=$(sqlite3 "$T/evil.db" "SELECT min(service) FROM count_response WHERE service > ''")
last=$(sqlite3 "$T/evil.db" "SELECT max(service) FROM count_response")
for tbl in count_response count_answer; do # the same services in both tables
	sqlite3 "$T/evil.db" "UPDATE $tbl SET service = '=HYPERLINK(\"http://x\",\"y\")' WHERE service = '$first';
	  UPDATE $tbl SET service = 'Esc' || char(27) || '[31mRed' || char(7) WHERE service = '$last';
	  UPDATE $tbl SET service = CAST(X'4261640A0D09FF80C0' AS TEXT) WHERE service = ''"
done
$R --month "$month" --format csv "$T/evil.db" >"$T/evil.csv" &&
	grep -q "^\"'=HYPERLINK" "$T/evil.csv" && ! grep -q '^"\?[=+@-]' "$T/evil.csv" &&
	ok csv-formula-neutralised || bad csv-formula-neutralised "$(grep -a HYPER "$T/evil.csv" | head -1)"
$R --month "$month" "$T/evil.db" >"$T/evil.txt" && ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/evil.txt" &&
	grep -q 'Esc?\[31mRed?' "$T/evil.txt" && ok text-no-control-characters ||
	bad text-no-control-characters "$(grep -a Esc "$T/evil.txt" | head -1 | od -c | head -2)"
$R --month "$month" --format json "$T/evil.db" >"$T/evil.json" && /usr/bin/python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
js = json.loads(raw.decode("utf-8"))  # strict: fails on invalid UTF-8
names = {g["service"] for g in js["groups"]}
assert "Bad\n\r\t\ufffd\ufffd\ufffd" in names, names
' "$T/evil.json" && ok json-valid-utf8 || bad json-valid-utf8 "see above"
$R --month "$month" --format html "$T/evil.db" >"$T/evil.html" && /usr/bin/python3 -c '
import sys
raw = open(sys.argv[1], "rb").read().decode("utf-8")
assert "\x1b" not in raw and "\x07" not in raw and "=HYPERLINK(&quot;" in raw
' "$T/evil.html" && ok html-inert || bad html-inert "see above"

# The review's outputs: a service name holding ';' (a field separator in
# many locales) stays one quoted cell; control characters never reach the
# CSV; a file holding a service named like the ALL or Not said rows is
# refused; a file name with an escape sequence is shown without it.
cp "$T/a.db" "$T/semi.db"
first=$(sqlite3 "$T/semi.db" "SELECT min(service) FROM count_response WHERE service > ''")
for tbl in count_response count_answer; do # the same service in both tables
	sqlite3 "$T/semi.db" "UPDATE $tbl SET service = 'x;=1+1;' WHERE service = '$first'"
done
$R --month "$month" --format csv "$T/semi.db" >"$T/semi.csv" && grep -q '^"x;=1+1;",' "$T/semi.csv" &&
	ok csv-semicolon-quoted || bad csv-semicolon-quoted "$(grep -a 'x;' "$T/semi.csv" | head -1)"
$R --month "$month" --format csv "$T/evil.db" >"$T/evil.csv" &&
	! LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$T/evil.csv" &&
	ok csv-no-control-characters || bad csv-no-control-characters "$(grep -a Esc "$T/evil.csv" | od -c | head -2)"
for row in ALL 'not said'; do
	cp "$T/a.db" "$T/row.db"
	for tbl in count_response count_answer; do
		sqlite3 "$T/row.db" "UPDATE $tbl SET service = ' $row ' WHERE service = (SELECT min(service) FROM count_response WHERE service > '')"
	done
	refuse "db-service-named-$(echo "$row" | tr ' ' -)" "row.db: holds a service named like the report's own" --month "$month" "$T/row.db"
done
esc=$(printf 'e\033]0;OWNED\007\302\2332J.db') # ESC, BEL and a C1 CSI
cp "$T/text.db" "$T/$esc"
$R --month "$month" "$T/$esc" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ! LC_ALL=C grep -q "$(printf '[\033\007\233]')" "$T/err" && grep -q 'e?\]0;OWNED??2J\.db' "$T/err" &&
	ok file-name-inert || bad file-name-inert "$(od -c "$T/err" | head -3)"
rm -f "$T/$esc"

# The review's subtractions.  Two kiosks' reports: riverside-2 holds 3 in
# Counselling; a report over both must not show Counselling, or riverside-1's
# own report subtracted from it gives those 3 away.
one_service() { # SERVICE FILE... -> SERVICE's responses in a JSON report, or None
	svc=$1; shift
	$R --month "$month" --format json "$@" | /usr/bin/python3 -c 'import json, sys
print(next(g["responses"] for g in json.load(sys.stdin)["groups"] if g["service"] == sys.argv[1]))' "$svc"
}
$S --db "$T/k1.db" --responses 3000 --services 2 --months 1 --seed 31 >/dev/null
$S --db "$T/k2.db" --responses 600 --services 2 --months 1 --seed 32 >/dev/null
svc=$(sqlite3 "$T/k2.db" "SELECT service FROM count_response WHERE service > '' ORDER BY n LIMIT 1")
# riverside-2 saw only 3 in that service: 3 responses, each question's 3
# answers all one value (a file the kiosk could have written)
sqlite3 "$T/k2.db" "UPDATE count_response SET n = min(n, 3) WHERE service = '$svc';
  DELETE FROM count_answer WHERE service = '$svc' AND value > (SELECT min(value) FROM count_answer c
    WHERE c.period = count_answer.period AND c.service = count_answer.service AND c.question = count_answer.question);
  UPDATE count_answer SET n = 3 WHERE service = '$svc'"
sqlite3 "$T/k2.db" "UPDATE meta SET value = 'riverside-2' WHERE key = 'kiosk'; UPDATE meta SET value = 'ppppoooonnnnmmmmllllkkkkjjjjiiii' WHERE key = 'database_id'"
k1=$(one_service "$svc" "$T/k1.db")
k12=$(one_service "$svc" "$T/k1.db" "$T/k2.db")
[ "$k1" != None ] && [ "$k12" = None ] && ok merged-small-part-hidden ||
	bad merged-small-part-hidden "$svc: $k1 alone, $k12 with a kiosk holding 3"
# Reports at two thresholds: ALL shows only when nothing is hidden, so the
# one at 20 cannot give back what the one at 10 hides.
printf '[report]\nthreshold = 20\n' >"$T/t20.ini"
all_n() { /usr/bin/python3 -c 'import json, sys
print(next(g["responses"] for g in json.load(sys.stdin)["groups"] if g["service"] == "ALL"))'; }
cp "$T/a.db" "$T/th.db"
hidden10=$($R --month "$month" --format json "$T/th.db" | /usr/bin/python3 -c 'import json, sys
print(sum(1 for g in json.load(sys.stdin)["groups"] if g["responses"] is None))')
a20=$($R --config "$T/t20.ini" --month "$month" --format json "$T/th.db" | all_n)
{ [ "$hidden10" -eq 0 ] || [ "$a20" = None ]; } && ok thresholds-no-difference ||
	bad thresholds-no-difference "$hidden10 hidden at 10, ALL $a20 at 20"

# 4d. Merging: one id and one kiosk name whose counts diverged (a cloned
# SD card on two kiosks) or one id under two kiosk names: both count, with
# a warning naming both files.  The same file twice counts once, silently.
# (enough answers that every group, "Not said" too, is shown: a small
# hidden group hides ALL, whose responses are compared here)
$S --db "$T/base.db" --responses 3000 --services 3 --months 2 --seed 21 >/dev/null
cp "$T/base.db" "$T/clone1.db" && cp "$T/base.db" "$T/clone2.db"
$S --db "$T/clone1.db" --responses 500 --services 3 --months 1 --seed 22 >/dev/null
$S --db "$T/clone2.db" --responses 700 --services 3 --months 1 --seed 23 >/dev/null
n1=$($R --month "$month" --format json "$T/clone1.db" | responses)
n2=$($R --month "$month" --format json "$T/clone2.db" | responses)
n12=$($R --month "$month" --format json "$T/clone1.db" "$T/clone2.db" 2>"$T/err" | responses)
[ "$n12" -eq $((n1 + n2)) ] && grep -q "clone1.db and .*clone2.db" "$T/err" && ok diverged-copies-both-count ||
	bad diverged-copies-both-count "$n1 + $n2 != $n12: $(cat "$T/err")"
cp "$T/base.db" "$T/renamed.db"
sqlite3 "$T/renamed.db" "UPDATE meta SET value = 'another kiosk' WHERE key = 'kiosk'"
nb=$($R --month "$month" --format json "$T/base.db" | responses)
nr=$($R --month "$month" --format json "$T/base.db" "$T/renamed.db" 2>"$T/err" | responses)
[ "$nr" -eq $((2 * nb)) ] && grep -q "base.db and .*renamed.db.*different kiosk names" "$T/err" &&
	ok same-id-other-name-both-count || bad same-id-other-name-both-count "$nb x 2 != $nr: $(cat "$T/err")"
cp "$T/base.db" "$T/base-copy.db"
$R --month "$month" "$T/base.db" "$T/base.db" "$T/base-copy.db" >/dev/null 2>"$T/err"
[ ! -s "$T/err" ] && ok copies-no-warning || bad copies-no-warning "$(cat "$T/err")"

# 4e. No fixed limits: 1,100 files from 100 services merge and add up.
$S --db "$T/unit.db" --responses 12 --services 1 --months 1 --seed 3 >/dev/null
mkdir "$T/many"
/usr/bin/python3 - "$T/unit.db" "$T/many" <<'PY' || bad many-files-made "python"
import random, shutil, sqlite3, sys
src, out = sys.argv[1], sys.argv[2]
rng = random.Random(5)
for i in range(1100):
    path = "%s/k%04d.db" % (out, i)
    shutil.copy(src, path)
    c = sqlite3.connect(path)
    c.execute("UPDATE meta SET value = ? WHERE key = 'database_id'",
              ("".join(rng.choice("abcdefghijklmnop") for _ in range(32)),))
    for t in ("count_response", "count_answer"):
        c.execute("UPDATE %s SET service = ?" % t, ("Service %02d" % (i % 100),))
    c.commit()
    c.close()
PY
nunit=$(sqlite3 "$T/unit.db" "SELECT sum(n) FROM count_response WHERE period = '$month'")
$R --month "$month" --format json "$T/many" >"$T/many.json" 2>"$T/err" && /usr/bin/python3 -c '
import json, sys
js = json.load(open(sys.argv[1]))
groups = [g for g in js["groups"] if g["period"] == sys.argv[2]]
assert len(groups) == 101, len(groups)
assert [g["responses"] for g in groups if g["service"] == "ALL"] == [1100 * int(sys.argv[3])], "ALL"
assert all(g["responses"] == 11 * int(sys.argv[3]) for g in groups if g["service"] != "ALL"), "a service"
' "$T/many.json" "$month" "$nunit" && ok many-files-and-services || bad many-files-and-services "$(head -c 300 "$T/err")"

# 4f. A quarter-period database is reported under its quarter label in a
# report that includes the quarter's last month.
cp "$T/a.db" "$T/quarter.db"
qmonth=$(sqlite3 "$T/a.db" "SELECT max(period) FROM count_response WHERE substr(period, 6, 2) IN ('03', '06', '09', '12')")
qlabel=$(/usr/bin/python3 -c 'import sys; y, m = sys.argv[1].split("-"); print("%s-Q%d" % (y, int(m) // 3))' "$qmonth")
sqlite3 "$T/quarter.db" "
  CREATE TEMP TABLE r AS SELECT service, sum(n) AS n FROM count_response WHERE period > date('$qmonth-01', '-3 months') AND period <= '$qmonth' GROUP BY 1;
  CREATE TEMP TABLE a AS SELECT service, question, value, sum(n) AS n FROM count_answer WHERE period > date('$qmonth-01', '-3 months') AND period <= '$qmonth' GROUP BY 1, 2, 3;
  DELETE FROM count_response; DELETE FROM count_answer;
  INSERT INTO count_response SELECT '$qlabel', service, n FROM r;
  INSERT INTO count_answer SELECT '$qlabel', service, question, value, n FROM a;"
$R --month "$qmonth" --format json "$T/quarter.db" | /usr/bin/python3 -c '
import json, sys
js = json.load(sys.stdin)
assert {g["period"] for g in js["groups"]} == {sys.argv[1]}, {g["period"] for g in js["groups"]}
' "$qlabel" && ok quarter-label || bad quarter-label "$qmonth $qlabel"
# a month kiosk and a quarter kiosk in one report: refused, never a quarter
# compared with a month (or taken for it on the poster)
refuse month-and-quarter-refused "some files count by month and some by quarter" \
	--month "$qmonth" "$T/a.db" "$T/quarter.db"

# A manager's account that cannot write to the folder can still read it.
# (The program and its strings copied where that account can reach them:
# a clone under /root is not, as on a fresh machine set up as root.)
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	mkdir "$T/ro" && cp "$T/a.db" "$T/ro/" && chmod 755 "$T" "$T/ro" && chmod 644 "$T/ro/a.db"
	cp "$R" "$T/heard-report" && cp -r assets "$T/assets" && chmod -R a+rX "$T/heard-report" "$T/assets"
	su nobody -s /bin/sh -c "HEARD_ASSETS=$T/assets $T/heard-report --month $month --format csv $T/ro/a.db" \
		>"$T/ro.csv" 2>"$T/err" &&
		cmp -s "$T/one.csv" "$T/ro.csv" && ok read-only-folder || bad read-only-folder "$(cat "$T/err")"
	chmod 700 "$T" # private again: the kiosk below refuses a folder open to others
fi
$R --help >/dev/null && ok help || bad help "exit $?"
$R --version | grep -q "heard-report" && ok version || bad version "no version"

# 5. HTML and poster: self-contained, zero axe-core violations, print on A4.
$R --month "$month" --format html -o "$T/report.html" "$T/a.db" || bad html "exit $?"
$R --month "$month" --format poster -o "$T/poster.html" "$T/a.db" || bad poster "exit $?"
$R --month "$m2" --format html -o "$T/small.html" "$T/small.db" || bad html-small "exit $?"
$S --db "$T/tiny.db" --responses 8 --services 2 --months 1 --seed 5 >/dev/null
$R --month "$m2" --format poster -o "$T/small-poster.html" "$T/tiny.db" || bad poster-small "exit $?"
grep -q "fewer than 10" "$T/small.html" && ok html-suppressed || bad html-suppressed "no suppression in HTML"
[ "$(grep -c "Not enough people answered" "$T/small-poster.html")" -eq 3 ] && ! grep -q "in 10 people" "$T/small-poster.html" &&
	ok poster-suppressed || bad poster-suppressed "poster shows figures for 8 responses"
grep -q "not comparable with postal surveys" "$T/report.html" "$T/poster.html" && ok html-note || bad html-note "no note"
node tests/html/check.js "$T/report.html" "$T/poster.html" "$T/small.html" >"$T/html.out" 2>&1
cat "$T/html.out"
pass=$((pass + $(grep -c '^PASS' "$T/html.out")))
fail=$((fail + $(grep -c '^FAIL' "$T/html.out")))
grep -q '^PASS' "$T/html.out" || bad html-check "check.js ran no check"

# 6. The kiosk's Welcome line about last month: the poster's figure, or nothing.
welcome_line() { # DB -> the label of welcome.last_month in the kiosk's first trace line
	HEARD_TEST=1 SDL_VIDEODRIVER=offscreen "${BUILD:-build}"/heard-kiosk --db "$1" --windowed 1280x800 \
		--trace "$T/welcome.jsonl" >/dev/null 2>&1 &
	kpid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/welcome.jsonl" ] && break; sleep 0.3; done
	kill $kpid; wait $kpid 2>/dev/null
	/usr/bin/python3 -c 'import json,sys
d = json.loads(open(sys.argv[1]).readline())
print(next((w["label"] for w in d["widgets"] if w["id"] == "welcome.last_month"), ""))' "$T/welcome.jsonl"
	rm -f "$T/welcome.jsonl"
}
# (enough that "Not said" is shown too: a small hidden group leaves a
# remainder in some value under 10, which hides ALL's figures)
$S --db "$T/lm.db" --responses 2000 --services 2 --months 2 --seed 4 >/dev/null
lm=$(sqlite3 "$T/lm.db" 'SELECT max(period) FROM count_response')
line=$(welcome_line "$T/lm.db")
want=$($R --month "$lm" --format poster "$T/lm.db" | sed -n 's/.*<\/span>\([0-9]*\) in 10 people said the staff listened.*/\1/p')
[ -n "$want" ] && [ "$line" = "Last month, $want in 10 people said they felt listened to." ] &&
	ok kiosk-last-month-line || bad kiosk-last-month-line "kiosk says '$line', poster says $want in 10"
$S --db "$T/lm-tiny.db" --responses 8 --services 1 --months 1 --seed 4 >/dev/null
line=$(welcome_line "$T/lm-tiny.db")
[ -z "$line" ] && ok kiosk-last-month-suppressed || bad kiosk-last-month-suppressed "shown for 8 people: '$line'"

# -o naming a FIFO (or /dev/null): written as it is, never replaced by a
# file renamed over it (as root that turned /dev/null into a plain file)
mkfifo "$T/pipe"
timeout 20 cat "$T/pipe" >"$T/piped" &  # a regression would leave it waiting
$R --month "$month" --format csv -o "$T/pipe" "$T/a.db" 2>"$T/err"; rc=$?
wait
if [ "$rc" -eq 0 ] && [ -p "$T/pipe" ] && cmp -s "$T/piped" "$T/r.csv"; then ok output-fifo-kept
else bad output-fifo-kept "exit $rc, fifo still one: $([ -p "$T/pipe" ] && echo yes || echo no), $(cat "$T/err")"; fi
# 7. heard-simulate --comments: the same answers as without, and comments
# in the report (README "Comments"); --format comments and --help name it.
$S --db "$T/sc.db" --responses 6000 --services 6 --months 12 --seed 11 --comments 20 >/dev/null ||
	bad simulate-comments "heard-simulate --comments failed"
counts() { sqlite3 "$1" 'SELECT group_concat(period||service||question||value||n) FROM count_answer'; }
[ "$(counts "$T/sc.db")" = "$(counts "$T/a.db")" ] && ok simulate-comments-same-answers ||
	bad simulate-comments-same-answers "the answers changed with --comments"
nc=$(sqlite3 "$T/sc.db" "SELECT count(*) FROM comment WHERE period = '$month'")
nr=$(sqlite3 "$T/sc.db" "SELECT sum(n) FROM count_response WHERE period = '$month'")
[ "$nc" -gt $((nr / 10)) ] && [ "$nc" -lt $((nr * 3 / 10)) ] && ok simulate-comments-share ||
	bad simulate-comments-share "$nc comments of $nr responses at 20%"
$R --month "$month" --format comments "$T/sc.db" >"$T/sc.csv" || bad comments-format "exit $?"
rows=$(($(wc -l <"$T/sc.csv") - 1))
[ "$rows" -gt 10 ] && grep -q "^Counselling,$month," "$T/sc.csv" && grep -q "الانتظار" "$T/sc.csv" &&
	ok comments-format || bad comments-format "$rows rows: $(head -3 "$T/sc.csv")"
$R --help | grep -q "comments" && ok help-comments || bad help-comments "--help does not name comments"
$R --month "$month" --format bogus "$T/a.db" 2>&1 | grep -q "fft or comments" && ok format-list ||
	bad format-list "the error does not list comments"
mkdir "$T/folder"
$R --month "$month" -o "$T/folder" "$T/a.db" 2>"$T/err"; rc=$?
if [ "$rc" -eq 2 ] && grep -q "folder: is a folder" "$T/err" && [ -d "$T/folder" ]; then ok output-folder-refused
else bad output-folder-refused "exit $rc: $(cat "$T/err")"; fi
finish REPORT
