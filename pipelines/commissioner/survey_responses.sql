-- survey_responses: every commissioner survey response received, one row
-- each, with its answers and what cleaning decided (status: used,
-- incomplete_start or duplicate_start, with duplicate_of), so nothing is
-- dropped unseen. Contact details are not published (they stay in
-- state.db for the call sheet).
SELECT * FROM responses
