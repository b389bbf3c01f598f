#!/bin/sh
# Make the seed databases of the fuzz_report_db target in
# tests/fuzz/corpus/fuzz_report_db/: written by heard-simulate (the
# store module's own schema and writes, schema version 3: counts only),
# then reshaped with the sqlite3 CLI into the cases worth starting from.
# Periods are moved to 2026-09 and 2026-10, the months fuzz_report_db.c
# reports on.  Run from the top folder after `make all`; the seeds are
# kept in git, so this is only needed to remake them.  v2.db, an old
# file heard-report refuses ("start heard-kiosk on it once"), is kept
# from the previous corpus: nothing writes version 2 any more.
set -eu
out=tests/fuzz/corpus/fuzz_report_db
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
umask 077
recount() { sqlite3 "$tmp/$1" <tests/recount.sql; } # NAME: response counts made again from the answers
# NAME 'PERIOD' WHERE ...: move counts to another period
move() {
	sqlite3 "$tmp/$1" "UPDATE count_answer SET period = $2; UPDATE count_response SET period = $2"
}
sim() { # NAME RESPONSES SERVICES MONTHS: a simulated database
	./build/heard-simulate --db "$tmp/$1" --responses "$2" --services "$3" --months "$4" --seed 5 >/dev/null
	latest=$(sqlite3 "$tmp/$1" 'SELECT max(period) FROM count_response')
	move "$1" "'2026-09' WHERE period <> '$latest'" # at most one older month: no clash
	move "$1" "'2026-10' WHERE period = '$latest'"
}
compact() { # NAME: rollback journal, 512-byte pages, so the seed is small
	sqlite3 "$tmp/$1" 'PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;' >/dev/null
}
keep() { cp "$tmp/$1" "$out/$1"; }

# As the kiosk leaves it: WAL journal, 4096-byte pages, one service.
sim sim-wal.db 24 1 1
keep sim-wal.db
# Two services over two months, enough answers for shown figures.
sim sim-compact.db 50 2 2
compact sim-compact.db
keep sim-compact.db
# Edge cases of the counts: "rather not say", skipped and "does not
# apply", a question no longer in the set, a month outside the report,
# a quarter, a stray day label (never counted), values at the limits.
sim edge.db 1 1 1
sqlite3 "$tmp/edge.db" "DELETE FROM count_answer; DELETE FROM count_response;
INSERT INTO count_answer VALUES
 ('2026-10', 'Riverside', 'heard.listen', -1, 1), ('2026-10', 'Riverside', 'heard.listen', 0, 2),
 ('2026-10', 'Riverside', 'heard.listen', 1, 3), ('2026-10', 'Riverside', 'heard.listen', 5, 6),
 ('2026-10', 'Riverside', 'control.no', -1, 12), ('2026-10', 'Riverside', 'respect.respect', 5, 12),
 ('2026-10', 'Riverside', 'old.question', 5, 3),
 ('2026-10', '', 'heard.listen', 4, 9), ('2026-10', '', 'control.no', -1, 9),
 ('2026-10', '', 'respect.respect', 5, 9),
 ('2026-10-14', 'Riverside', 'heard.listen', 5, 4),
 ('2026-Q3', 'Riverside', 'heard.listen', 3, 11), ('2026-Q3', '', 'heard.listen', 2, 1),
 ('2025-03', 'Riverside', 'heard.listen', 5, 1);"
recount edge.db
compact edge.db
keep edge.db
# Labels a v3 kiosk never writes (weeks), a newer schema, no counts at all.
cp "$tmp/edge.db" "$tmp/weekly.db"
sqlite3 "$tmp/weekly.db" "UPDATE count_answer SET period = '2026-W42' WHERE service = '' AND period = '2026-10';
UPDATE count_response SET period = '2026-W42' WHERE service = '' AND period = '2026-10'"
keep weekly.db
cp "$tmp/edge.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
keep newer.db
cp "$tmp/edge.db" "$tmp/empty.db"
sqlite3 "$tmp/empty.db" "DELETE FROM count_answer; DELETE FROM count_response; VACUUM;"
keep empty.db
# Counts the schema forbids, in tables made without its constraints:
# NULL names, negative and huge counts, a value out of range.
cp "$tmp/edge.db" "$tmp/wild-counts.db"
sqlite3 "$tmp/wild-counts.db" "ALTER TABLE count_answer RENAME TO old; ALTER TABLE count_response RENAME TO oldr;
CREATE TABLE count_response(period, service, n); CREATE TABLE count_answer(period, service, question, value, n);
INSERT INTO count_response SELECT * FROM oldr; INSERT INTO count_answer SELECT * FROM old; DROP TABLE old; DROP TABLE oldr;
INSERT INTO count_response VALUES ('2026-10', NULL, 5), (NULL, 'x', 5), ('2026-10', 'neg', -3), ('2026-10', 'big', 9223372036854775807);
INSERT INTO count_answer VALUES ('2026-10', 'Riverside', NULL, 5, 3), ('2026-10', NULL, 'heard.listen', 5, 3),
  ('2026-10', 'Riverside', 'heard.listen', 99, 3), ('2026-10', 'big', 'heard.listen', 5, 4611686018427387904), ('2026-10', 'Riverside', 'heard.listen', 5, 'x');
VACUUM;"
keep wild-counts.db
ls -l "$out"
