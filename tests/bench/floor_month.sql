-- floor_month.sql - the floor for heard-report's month table (make bench).
-- The bare aggregate behind one month's per service x question counts:
-- answers per service, question and value (-1 n/a, 0 skipped, 1..5).
-- Run by report_bench.py as: sqlite3 -readonly -csv DB, after
-- `.parameter set @month '2026-10'`.  A benchmark floor only: heard's
-- own SQL lives in kiosk/store.c.
SELECT r.service, a.question, a.value, count(*)
  FROM response r JOIN answer a ON a.response = r.id
 WHERE r.period = @month
 GROUP BY r.service, a.question, a.value;
