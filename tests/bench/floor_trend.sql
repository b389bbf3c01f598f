-- floor_trend.sql - the same aggregate over the 12 months heard-report
-- reads for a month report (the month and the 11 before it, for the
-- trend), per month.  A diagnostic beside floor_month.sql, not the
-- floor the target is measured against.  Parameters @from, @to.
SELECT r.period, r.service, a.question, a.value, count(*)
  FROM response r JOIN answer a ON a.response = r.id
 WHERE r.period BETWEEN @from AND @to
 GROUP BY r.period, r.service, a.question, a.value;
