# lib.sh - sourced by the shell end-to-end tests: run from the top of the
# tree, a scratch folder $T removed on exit, PASS/FAIL lines and a
# closing "NAME: N passed, M failed" line that tests/run-all.sh counts.
cd "$(dirname "$0")/../.." || exit 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
# finish NAME: print the closing line; exit status says whether all passed
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
# recount DB: after editing a database's rows by hand, make its running
# counts (what heard-report reads) again from them
recount() { sqlite3 "$1" <tests/recount.sql; }
# said NAME LOG LINE: pass when LOG holds the line "heard-kiosk: LINE"
# (a sandbox probe's answer); else show the line it holds instead
said() {
	if grep -qxF "heard-kiosk: $3" "$2"; then ok "$1"
	else
		got=$(grep -aF "heard-kiosk: ${3%%: *}:" "$2")
		bad "$1" "want '$3', got: ${got:-no such line; $(tail -2 "$2")}"
	fi
}
# listen: start tests/e2e/listen.py (TCP and UDP on 127.0.0.1) in the
# background; sets port and lpid; what reaches it is listed in $T/reached
listen() {
	/usr/bin/python3 tests/e2e/listen.py "$T/port" "$T/reached" &
	lpid=$!
	for _ in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
	port=$(cat "$T/port")
}
