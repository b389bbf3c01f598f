-- floor_counts.sql - the stricter floor for heard-report's month table
-- (make bench): the same counts as floor_month.sql, read from the running
-- counts the kiosk keeps with every response (schema version 2), which
-- is what heard-report itself reads.  Answers per service, question and
-- value (-1 n/a, 0 skipped, 1..5); day periods summed into their month.
-- Run by report_bench.py as: sqlite3 -readonly -csv DB, after
-- `.parameter set @month '2026-10'`.
SELECT service, question, value, sum(n)
  FROM count_answer
 WHERE period BETWEEN @month AND @month || '-~'
 GROUP BY service, question, value;
