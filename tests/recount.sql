-- recount.sql - make a heard database's running counts again from its
-- rows, as the migration to schema version 2 in kiosk/store.c does.
-- For tests that edit rows by hand (sqlite3 DB < tests/recount.sql);
-- the kiosk itself keeps the counts with every response it saves.
DELETE FROM count_response;
DELETE FROM count_answer;
INSERT INTO count_response
  SELECT period, service, count(*) FROM response GROUP BY period, service;
INSERT INTO count_answer
  SELECT r.period, r.service, a.question, a.value, count(*)
    FROM response r JOIN answer a ON a.response = r.id
   GROUP BY r.period, r.service, a.question, a.value;
