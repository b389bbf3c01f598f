#!/bin/sh
# hidden.sh - what a hidden group holds never shows: databases that differ
# only inside hidden groups (every answer of a small group "Not at all" or
# "Yes, fully", three times as many people, a whole hidden month of a
# service, one hidden question inside a shown service) must give the same
# bytes in every format a manager reads: text and HTML with their summary,
# run-chart statements and "we did" marks, the poster, JSON and CSV, for
# several months, a range and --service.  Clients' comments likewise: in
# a hidden group, or too few (fewer than 3) in a shown one, or another
# kiosk's one or two in a folder's report, they change no byte of any
# format, --format comments included.  audit.py proves the CSV and
# JSON figures leave each hidden cell wide enough; this proves the words
# around them say nothing of it either.  --format fft is left out on
# purpose: NHS England's return carries the raw counts (README).
. "$(dirname "$0")/../e2e/lib.sh"
R=${BUILD:-build}/heard-report
S=${BUILD:-build}/heard-simulate

$S --db "$T/b.db" --responses 1500 --services 4 --months 12 --seed 5 --fft >/dev/null ||
	bad simulate "heard-simulate failed"
q() { sqlite3 "$T/b.db" "$1"; }
last=$(q "SELECT max(period) FROM count_response")
first=$(q "SELECT min(period) FROM count_response")
# P: the newest month whose "Not said" group holds 1 to 3 people (tripled, still hidden)
P=$(q "SELECT max(period) FROM count_response WHERE service = '' AND n BETWEEN 1 AND 3")
# W: a month of Counselling made hidden; H: Housing advice's, one question hidden
W=$(q "SELECT max(period) FROM count_response WHERE period < '$last'")
H=$last
[ -n "$P" ] && [ -n "$W" ] || bad setup "no month to vary (P=$P W=$W)"
cat >"$T/wd.ini" <<EOF
[$W Counselling]
you_said = Waiting felt long.
we_did = We now call you by your first name.
EOF

# variant NAME SQL: b.db with SQL applied, its response counts made again
variant() {
	cp "$T/b.db" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" && recount "$T/$1.db" || bad "$1" "could not make the variant"
}
# every answered value (1-5, Does not apply kept) of group (period, service) set to V
all_to() { # $1 period $2 service $3 value
	echo "CREATE TEMP TABLE t AS SELECT question, sum(n) AS n FROM count_answer
	        WHERE period = '$1' AND service = '$2' AND value BETWEEN 1 AND 5 GROUP BY 1;
	      DELETE FROM count_answer WHERE period = '$1' AND service = '$2' AND value BETWEEN 1 AND 5;
	      INSERT INTO count_answer SELECT '$1', '$2', question, $3, n FROM t;"
}
# Counselling in W: 5 people, each answering every question with V
small_month() {
	echo "DELETE FROM count_answer WHERE period = '$W' AND service = 'Counselling';
	      INSERT INTO count_answer SELECT DISTINCT '$W', 'Counselling', question, $1, 5
	        FROM count_answer WHERE period = '$W';"
}
# Housing advice in H: heard.listen answered by 4 people with V, the rest skipped
one_cell() {
	echo "CREATE TEMP TABLE h AS SELECT sum(n) AS n FROM count_answer
	        WHERE period = '$H' AND service = 'Housing advice' AND question = 'heard.listen';
	      DELETE FROM count_answer WHERE period = '$H' AND service = 'Housing advice' AND question = 'heard.listen';
	      INSERT INTO count_answer VALUES ('$H', 'Housing advice', 'heard.listen', $1, 4);
	      INSERT INTO count_answer SELECT '$H', 'Housing advice', 'heard.listen', 0, n - 4 FROM h;"
}
variant ns1 "$(all_to "$P" '' 1)"
variant ns5 "$(all_to "$P" '' 5)"
variant ns3 "UPDATE count_answer SET n = n * 3 WHERE period = '$P' AND service = '';"
variant sm5 "$(small_month 5)"
variant sm1 "$(small_month 1)"
variant sm3 "$(small_month 3)"
variant oc5 "$(one_cell 5)"
variant oc1 "$(one_cell 1)"
variant oc2 "$(one_cell 2)"
# the variants really differ from their base inside the hidden group
for v in ns1:ns5 sm5:sm1 oc5:oc1; do
	a=${v%:*} b=${v#*:}
	if [ "$(sqlite3 "$T/$a.db" 'SELECT group_concat(period||service||question||value||n) FROM count_answer')" = \
	     "$(sqlite3 "$T/$b.db" 'SELECT group_concat(period||service||question||value||n) FROM count_answer')" ]; then
		bad "variants-differ" "$a and $b hold the same counts"
	fi
done

next=$(sqlite3 "$T/b.db" "SELECT min(period) FROM count_response WHERE period > '$P'")
# report DB RUN FORMAT: heard-report's output (and messages) for one run;
# RUN is "--month M" or "--from A --to B", then optionally "|SERVICE"
report() {
	opts=${2%%|*} svc=""
	case $2 in *"|"*) svc=${2#*|} ;; esac
	# shellcheck disable=SC2086 # opts holds the options' words
	if [ -n "$svc" ]; then $R $opts --service "$svc" --format "$3" --we-did "$T/wd.ini" "$1" 2>&1
	else $R $opts --format "$3" --we-did "$T/wd.ini" "$1" 2>&1; fi
	echo "exit $?"
}
# same NAME BASE VARIANT...: every format, for each run, the same bytes
same() {
	name=$1 base=$2
	shift 2
	diffs=""
	for run in "--month $P" "--month $next" "--month $W" "--month $last" "--from $first --to $last" \
	           "--month $last|Counselling" "--month $W|Counselling" "--month $last|Housing advice"; do
		for f in text html poster json csv comments; do
			report "$T/$base.db" "$run" "$f" >"$T/want"
			[ "$(tail -n 1 "$T/want")" = "exit 0" ] || diffs="$diffs $base($run $f: $(tail -n 2 "$T/want" | head -n 1))"
			for v in "$@"; do
				report "$T/$v.db" "$run" "$f" >"$T/got"
				cmp -s "$T/want" "$T/got" || diffs="$diffs $v($run $f)"
			done
		done
	done
	if [ -z "$diffs" ]; then ok "$name"; else bad "$name" "differ:$diffs"; fi
}
same hidden-not-said-values ns1 ns5 ns3
same hidden-not-said-count ns3 ns1
same hidden-service-month sm5 sm1 sm3
same hidden-question oc5 oc1 oc2
# comments: K comments in group (period, service)
comments() { # $1 period $2 service $3 count
	i=0
	while [ "$i" -lt "$3" ]; do
		echo "INSERT INTO comment VALUES ('$1', '$2', lower(hex(randomblob(16))), 'said $i <b>&');"
		i=$((i + 1))
	done
}
variant cns "$(comments "$P" '' 4)"
variant cfew "$(comments "$last" 'Young people' 2)"
cp "$T/sm5.db" "$T/csm.db"
sqlite3 "$T/csm.db" "$(comments "$W" Counselling 5)" || bad csm "could not make the variant"
[ "$(sqlite3 "$T/cns.db" 'SELECT count(*) FROM comment')" = 4 ] || bad comments-written "no comments in cns.db"
same hidden-comments-not-said b cns cfew
same hidden-comments-small-month sm5 csm
# A service's own report and FFT return say nothing of whether another
# group (here a small "Not said" one) answered the FFT question, when
# none of the service's own clients were asked it.  (CSV and JSON list
# the question, "not shown", when any file holds an answer to it: README,
# "Residual risks".)
variant nofft "DELETE FROM count_answer WHERE question = 'fft.overall';"
variant nsfft "DELETE FROM count_answer WHERE question = 'fft.overall' AND NOT (service = '' AND period = '$P');"
diffs=""
for run in "--month $P|Counselling" "--from $first --to $last|Counselling"; do
	for f in text html poster fft; do
		report "$T/nofft.db" "$run" "$f" >"$T/want"
		report "$T/nsfft.db" "$run" "$f" >"$T/got"
		cmp -s "$T/want" "$T/got" || diffs="$diffs ($run $f)"
	done
done
if [ -z "$diffs" ]; then ok hidden-fft-elsewhere; else bad hidden-fft-elsewhere "differ:$diffs"; fi
# --service "" would pick out "Not said": refused
if $R --service "" "$T/b.db" >/dev/null 2>"$T/err"; then bad empty-service "accepted"
elif grep -q "give a service's name" "$T/err"; then ok empty-service
else bad empty-service "$(cat "$T/err")"; fi

# and the check has teeth: a shown group's change does show
variant shown "$(all_to "$last" 'Young people' 5)"
$R --month "$last" --we-did "$T/wd.ini" "$T/b.db" >"$T/a.txt" 2>&1
$R --month "$last" --we-did "$T/wd.ini" "$T/shown.db" >"$T/b.txt" 2>&1
if cmp -s "$T/a.txt" "$T/b.txt"; then bad shown-changes "a shown group's answers changed, the text did not"
else ok shown-changes; fi
# and 3 comments in a shown group do show
variant cshown "$(comments "$last" 'Young people' 3)"
$R --month "$last" --format comments "$T/cshown.db" >"$T/c.csv" 2>&1
if [ "$(grep -c "^Young people,$last,said [012] <b>&" "$T/c.csv")" = 3 ]; then ok shown-comments
else bad shown-comments "$(cat "$T/c.csv")"; fi
# Another kiosk's one or two comments in a shown group (its own group
# shown too) change no byte of a report over the folder: else the folder's
# report set beside one over the first kiosk alone would single them out.
$S --db "$T/k2.db" --responses 1500 --services 4 --months 12 --seed 6 >/dev/null ||
	bad simulate "heard-simulate failed (k2)"
for k in 0 1 2 3; do
	mkdir "$T/mk$k" && cp "$T/cshown.db" "$T/mk$k/a.db" && cp "$T/k2.db" "$T/mk$k/k2.db" ||
		bad mk "could not make folder $k"
	[ "$k" -eq 0 ] || sqlite3 "$T/mk$k/k2.db" "$(comments "$last" 'Young people' "$k")" ||
		bad mk "could not add comments to folder $k"
done
# canon FORMAT: a report with its comments in one order (JSON: each
# group's list sorted; else its lines sorted); the rest as it was
canon() {
	if [ "$1" = json ]; then
		/usr/bin/python3 -c '
import json, sys
text = sys.stdin.read()
head, _, tail = text.rpartition("exit ")
js = json.loads(head)
for g in js["groups"]:
    g["comments"].sort()
print(json.dumps(js, sort_keys=True))
print("exit " + tail, end="")'
	else sort; fi
}
diffs=""
for run in "--month $last" "--month $last|Young people" "--from $first --to $last"; do
	for f in text html json comments; do
		# (sorted: the comments shown come in a new random order each run)
		report "$T/mk0" "$run" "$f" | canon "$f" >"$T/want"
		for k in 1 2; do
			report "$T/mk$k" "$run" "$f" | canon "$f" >"$T/got"
			cmp -s "$T/want" "$T/got" || diffs="$diffs mk$k($run $f)"
		done
	done
done
if [ -z "$diffs" ]; then ok hidden-comments-other-kiosk; else bad hidden-comments-other-kiosk "differ:$diffs"; fi
# and the check has teeth: 3 of its own there do show
report "$T/mk0" "--month $last" comments >"$T/want"
report "$T/mk3" "--month $last" comments >"$T/got"
if [ "$(grep -c "^Young people,$last,said [012] <b>&" "$T/got")" = 6 ] &&
   [ "$(grep -c "^Young people,$last,said [012] <b>&" "$T/want")" = 3 ]; then ok other-kiosk-comments-shown
else bad other-kiosk-comments-shown "$(cat "$T/got")"; fi
finish HIDDEN
