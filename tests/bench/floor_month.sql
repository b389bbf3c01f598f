-- floor_month.sql - the floor for heard-report's month table (make bench).
-- The bare aggregate behind one month's per service x question counts:
-- answers per service, question and value (-1 n/a, 0 skipped, 1..5).
-- Schema version 3 keeps counts only (no row per response), so this is
-- the sum of those counts, grouped as the report groups them.
-- Run by report_bench.py as: sqlite3 -readonly -csv DB, after
-- `.parameter set @month '2026-10'`.  A benchmark floor only: heard's
-- own SQL lives in core/store.c.
SELECT service, question, value, sum(n)
  FROM count_answer
 WHERE period = @month
 GROUP BY service, question, value;
