#!/bin/sh
# Make the seed databases of the fuzz_report_db target in
# tests/fuzz/corpus/fuzz_report_db/: written by heard-simulate (the
# store module's own schema and writes), then reshaped with the sqlite3
# CLI into the cases worth starting from.  Periods are moved to 2026-09
# and 2026-10, the months fuzz_report_db.c reports on.  Run from the top
# folder after `make all`; the seeds are kept in git, so this is only
# needed to remake them.
set -eu
out=tests/fuzz/corpus/fuzz_report_db
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
recount() { sqlite3 "$tmp/$1" <tests/recount.sql; } # NAME: counts made again from its rows
sim() { # NAME RESPONSES SERVICES MONTHS: a simulated database
	./build/heard-simulate --db "$tmp/$1" --responses "$2" --services "$3" --months "$4" --seed 5 >/dev/null
	sqlite3 "$tmp/$1" "UPDATE response SET period = CASE WHEN period = (SELECT max(period) FROM response)
	                   THEN '2026-10' ELSE '2026-09' END"
	recount "$1"
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
# Edge cases of the rows: day periods, "rather not say", skipped and
# "does not apply", a question no longer in the set, a month outside
# the report, values at the schema's limits.
sim edge.db 1 1 1
sqlite3 "$tmp/edge.db" "DELETE FROM answer; DELETE FROM response;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 23)
INSERT INTO response SELECT randomblob(16), 'edge', CASE WHEN i < 12 THEN 'Riverside' ELSE '' END,
	CASE WHEN i % 3 = 0 THEN '2026-10-14' WHEN i = 23 THEN '2025-03' ELSE '2026-10' END, '1' FROM n;
INSERT INTO answer SELECT id, 'heard.listen', (abs(random()) % 7) - 1 FROM response;
INSERT INTO answer SELECT id, 'control.no', -1 FROM response;
INSERT INTO answer SELECT id, 'old.question', 5 FROM response LIMIT 3;
INSERT INTO answer SELECT id, 'respect.respect', 5 FROM response;"
recount edge.db
compact edge.db
keep edge.db
# Refused: weekly periods; a newer schema; no responses at all.
cp "$tmp/edge.db" "$tmp/weekly.db"
sqlite3 "$tmp/weekly.db" "UPDATE response SET period = '2026-W42' WHERE service = ''"
recount weekly.db
keep weekly.db
cp "$tmp/edge.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "UPDATE meta SET value = '3' WHERE key = 'schema_version'"
keep newer.db
cp "$tmp/edge.db" "$tmp/empty.db"
sqlite3 "$tmp/empty.db" "DELETE FROM answer; DELETE FROM response; VACUUM;"
recount empty.db
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
