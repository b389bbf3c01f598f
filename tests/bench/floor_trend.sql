-- floor_trend.sql - the same aggregate over the 12 months heard-report
-- reads for a month report (the month and the 11 before it, for the
-- trend), per month, from the counts (schema version 3).  A diagnostic
-- beside floor_month.sql, not the floor the target is measured against.
-- Parameters @from, @to.
SELECT period, service, question, value, sum(n)
  FROM count_answer
 WHERE period BETWEEN @from AND @to
 GROUP BY period, service, question, value;
