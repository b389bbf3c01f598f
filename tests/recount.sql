-- recount.sql - make a heard database's response counts again from its
-- answer counts (schema version 3 keeps counts only, no rows).  Every
-- response adds one count_answer row per question of its set (skipped
-- 0 and "does not apply" -1 included), so a period and service had as
-- many responses as its most answered question.  For tests that edit
-- count_answer by hand (sqlite3 DB < tests/recount.sql); the kiosk itself
-- keeps both tables with every response it saves.
DELETE FROM count_response;
INSERT INTO count_response
  SELECT period, service, max(s) FROM
    (SELECT period, service, question, sum(n) AS s FROM count_answer GROUP BY 1, 2, 3)
   GROUP BY period, service;
