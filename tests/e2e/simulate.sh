#!/bin/sh
# heard-simulate, the way a developer filling a test database would use
# it: run it, then read the database back with the sqlite3 CLI and check
# what a report would show - counts, services, months, every question
# answered, skips and "does not apply", services that differ, the same
# data for the same seed - and that bad usage is refused with exit 2.
. "$(dirname "$0")/lib.sh"
S=${BUILD:-build}/heard-simulate

# check NAME WANT GOT: the two must be equal
check() { [ "$2" = "$3" ] && ok "$1" || bad "$1" "got '$3', wanted '$2'"; }
# holds NAME SQL DB: the query must print 1
holds() { check "$1" 1 "$(sqlite3 "$3" "$2" 2>&1)"; }
# refused NAME PATTERN CMD...: exit 2, PATTERN in stderr, nothing on stdout
refused() {
	name=$1 pat=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 2 ]; then bad "$name" "exit $rc, wanted 2: $(cat "$T/err")"
	elif ! grep -qF -- "$pat" "$T/err"; then bad "$name" "stderr lacks '$pat': $(cat "$T/err")"
	elif [ -s "$T/out" ]; then bad "$name" "wrote to stdout: $(cat "$T/out")"
	else ok "$name"; fi
}

# counts per service x period x question x value: the data a report sees
counts() {
	sqlite3 "$1" "SELECT service, period, question, value, n FROM count_answer ORDER BY 1, 2, 3, 4"
}

# the questions of "enabled = all": every one not marked optional (fft.overall)
questions=$(awk '/^\[/ { if (q != "" && !opt) print q; q = substr($0, 2, length($0) - 2); opt = 0; if (q == "set") q = "" }
                 /^optional *= *yes/ { opt = 1 } END { if (q != "" && !opt) print q }' \
            assets/strings/questions.ini | sort)
nq=$(echo "$questions" | wc -l)
last_month=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
this_month=$(date +%Y-%m)

# ---- one realistic database ---------------------------------------------
DB=$T/sim.db
if $S --db "$DB" --responses 4000 --services 10 --months 6 --seed 7 --kiosk front-desk >"$T/out" 2>"$T/err"
then ok run; else bad run "exit $?: $(cat "$T/err")"; fi
check counts-only "comment count_answer count_response meta" \
	"$(sqlite3 "$DB" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1)")"
check responses 4000 "$(sqlite3 "$DB" 'SELECT sum(n) FROM count_response')"
holds services-k-or-k+1 "SELECT count(DISTINCT service) BETWEEN 10 AND 11 FROM count_response" "$DB"
holds service-names "SELECT count(*) = 4 FROM (SELECT DISTINCT service FROM count_response)
                   WHERE service IN ('Counselling', 'Employment', 'Service 9', 'Service 10')" "$DB"
holds not-said-about-4pct "SELECT total(CASE WHEN service = '' THEN n END) / sum(n) BETWEEN 0.025 AND 0.055
                         FROM count_response" "$DB"
check periods 6 "$(sqlite3 "$DB" 'SELECT count(DISTINCT period) FROM count_response')"
check periods-format 0 "$(sqlite3 "$DB" "SELECT count(*) FROM count_response
                         WHERE period NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'")"
check latest-is-last-full-month "$last_month" "$(sqlite3 "$DB" 'SELECT max(period) FROM count_response')"
check all-months-closed 0 "$(sqlite3 "$DB" "SELECT count(*) FROM count_answer WHERE period >= '$this_month'")"
holds months-roughly-even "SELECT min(s) * 1.0 / max(s) > 0.6 FROM
                         (SELECT sum(n) AS s FROM count_response GROUP BY period)" "$DB"
check kiosk "front-desk" "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'kiosk'")"
check question-ids "$questions" "$(sqlite3 "$DB" 'SELECT DISTINCT question FROM count_answer ORDER BY 1')"
check answer-per-question 0 "$(sqlite3 "$DB" "SELECT count(*) FROM count_response r WHERE
                             (SELECT sum(n) FROM count_answer a WHERE a.period = r.period
                              AND a.service = r.service) <> r.n * $nq")"
check each-question-4000 0 "$(sqlite3 "$DB" "SELECT count(*) FROM (SELECT sum(n) AS s FROM count_answer
                             GROUP BY question) WHERE s <> 4000")"
check answers-total $((4000 * nq)) "$(sqlite3 "$DB" 'SELECT sum(n) FROM count_answer')"
check values-in-range 0 "$(sqlite3 "$DB" 'SELECT count(*) FROM count_answer WHERE value NOT BETWEEN -1 AND 5')"
check na-only-control.no "control.no" "$(sqlite3 "$DB" 'SELECT DISTINCT question FROM count_answer WHERE value = -1')"
holds skips-about-5pct "SELECT total(CASE WHEN value = 0 THEN n END) / sum(n) BETWEEN 0.035 AND 0.065
                      FROM count_answer" "$DB"
holds na-about-10pct "SELECT total(CASE WHEN value = -1 THEN n END) / sum(n) BETWEEN 0.07 AND 0.13
                    FROM count_answer WHERE question = 'control.no'" "$DB"
holds all-five-values-used "SELECT count(DISTINCT value) = 5 FROM count_answer WHERE value > 0" "$DB"
holds services-differ "SELECT max(m) - min(m) > 0.5 FROM (SELECT sum(value * n) * 1.0 / sum(n) AS m
                     FROM count_answer WHERE value > 0 AND service <> '' GROUP BY service)" "$DB"
check db-private 600 "$(stat -c %a "$DB")"
[ -e "$DB-wal" ] || [ -e "$DB-shm" ] && bad no-wal-no-shm "$(ls "$DB"-*)" || ok no-wal-no-shm

# ---- deterministic ------------------------------------------------------
$S --db "$T/again.db" --responses 4000 --services 10 --months 6 --seed 7 --kiosk front-desk >/dev/null 2>&1
$S --db "$T/other.db" --responses 4000 --services 10 --months 6 --seed 8 --kiosk front-desk >/dev/null 2>&1
counts "$DB" >"$T/c7"
counts "$T/again.db" >"$T/c7b"
counts "$T/other.db" >"$T/c8"
[ -s "$T/c7" ] && cmp -s "$T/c7" "$T/c7b" && ok same-seed-same-data || bad same-seed-same-data "counts differ"
cmp -s "$T/c7" "$T/c8" && bad other-seed-other-data "seed 8 gave seed 7's counts" || ok other-seed-other-data

# ---- defaults, appending, the asset directory ---------------------------
D=$T/default.db
$S --db "$D" --responses 600 >"$T/out" 2>&1 || bad defaults "$(cat "$T/out")"
holds default-12-months "SELECT count(DISTINCT period) = 12 FROM count_response" "$D"
holds default-4-services "SELECT count(DISTINCT service) BETWEEN 4 AND 5 FROM count_response" "$D"
check default-kiosk sim "$(sqlite3 "$D" "SELECT value FROM meta WHERE key = 'kiosk'")"
$S --db "$D" --responses 100 --months 1 --seed 2 >"$T/out" 2>&1 || bad append "$(cat "$T/out")"
check append-adds 700 "$(sqlite3 "$D" 'SELECT sum(n) FROM count_response')"
# closed months never change: adding to older months than the file holds is refused
$S --db "$D" --responses 100 --months 3 --seed 3 >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "is closed" "$T/err" && ok append-older-refused \
	|| bad append-older-refused "exit $rc: $(cat "$T/err")"
check append-older-nothing-written 700 "$(sqlite3 "$D" 'SELECT sum(n) FROM count_response')"
cp -r assets "$T/a"
printf '[set]\nversion = test-2\n[heard.listen]\nconstruct = heard\nnot_applicable = no\n[control.no]\nconstruct = in control\nnot_applicable = yes\n' \
	>"$T/a/strings/questions.ini"
HEARD_ASSETS="$T/a" $S --db "$T/assets.db" --responses 50 >/dev/null 2>&1
check heard-assets-question-set "control.no,heard.listen|100" "$(sqlite3 "$T/assets.db" \
	"SELECT (SELECT group_concat(question) FROM (SELECT DISTINCT question FROM count_answer ORDER BY 1)),
	        (SELECT sum(n) FROM count_answer)" 2>&1)"

# ---- refused --------------------------------------------------------------
U=$T/u.db
$S --help >"$T/out" 2>&1 && grep -q -- '--responses' "$T/out" && ok help || bad help "$(cat "$T/out")"
check version "heard-simulate 0.1" "$($S --version 2>&1)"
refused unknown-option "'--colour'" $S --db "$U" --responses 10 --colour red
refused stray-argument "'extra'" $S --db "$U" --responses 10 extra
refused missing-db "--db" $S --responses 10
refused missing-responses "--responses" $S --db "$U"
refused missing-value "--seed" $S --db "$U" --responses 10 --seed
refused responses-not-number "--responses 'lots'" $S --db "$U" --responses lots
refused responses-zero "--responses '0'" $S --db "$U" --responses 0
refused responses-negative "--responses '-5'" $S --db "$U" --responses -5
refused responses-trailing "--responses '10x'" $S --db "$U" --responses 10x
refused services-zero "--services '0'" $S --db "$U" --responses 10 --services 0
refused services-too-many "--services '33'" $S --db "$U" --responses 10 --services 33
refused months-zero "--months '0'" $S --db "$U" --responses 10 --months 0
refused months-too-many "--months '241'" $S --db "$U" --responses 10 --months 241
refused seed-not-number "--seed 'abc'" $S --db "$U" --responses 10 --seed abc
refused seed-too-big "--seed '18446744073709551616'" $S --db "$U" --responses 10 --seed 18446744073709551616
refused kiosk-empty "--kiosk: missing value" $S --db "$U" --responses 10 --kiosk ""
refused db-empty "--db: missing value" $S --db "" --responses 10
refused kiosk-too-long "longer than 63" $S --db "$U" --responses 10 --kiosk "$(printf "%064d" 0)"
[ -e "$U" ] && bad bad-usage-no-file "$U was created" || ok bad-usage-no-file

printf 'not a database\n' >"$T/text.db"
refused db-loose "fix: chmod 600 $T/text.db" $S --db "$T/text.db" --responses 10
chmod 600 "$T/text.db"
refused db-not-sqlite "$T/text.db: not a readable SQLite database" $S --db "$T/text.db" --responses 10
[ "$(cat "$T/text.db")" = "not a database" ] && ok text-file-intact || bad text-file-intact "file changed"
sqlite3 "$T/foreign.db" 'CREATE TABLE invoices(n); INSERT INTO invoices VALUES (1)'
chmod 600 "$T/foreign.db"
refused db-foreign "another program" $S --db "$T/foreign.db" --responses 10
check foreign-db-intact 1 "$(sqlite3 "$T/foreign.db" 'SELECT count(*) FROM invoices' 2>&1)"
refused db-no-dir "$T/none/h.db" $S --db "$T/none/h.db" --responses 10
printf '[set]\nversion = 3\n[heard.listen]\nconstruct = heard\n' >"$T/a/strings/questions.ini"
refused broken-question-set "$T/a/strings/questions.ini" env HEARD_ASSETS="$T/a" $S --db "$U" --responses 10
[ -e "$U" ] && bad bad-assets-no-file "$U was created" || ok bad-assets-no-file

finish SIM
