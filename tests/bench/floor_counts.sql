-- floor_counts.sql - the stricter floor for heard-report's month table
-- (make bench): one month's answer counts as the kiosk keeps them
-- (schema version 3), one row per service, question and value (-1 n/a,
-- 0 skipped, 1..5), read as they are stored: nothing to add up.
-- Run by report_bench.py as: sqlite3 -readonly -csv DB, after
-- `.parameter set @month '2026-10'`.
SELECT service, question, value, n
  FROM count_answer
 WHERE period = @month;
