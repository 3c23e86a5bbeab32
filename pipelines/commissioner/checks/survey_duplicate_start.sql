-- rule: survey_duplicate_start
-- severity: info
-- about: a survey response from the same authority and respondent with the same answers as an earlier one: the later is left out of every survey table
SELECT
    response_key AS service_key,
    'response_id' AS field,
    'same answers as ' || duplicate_of AS "values",
    'This response repeats an earlier one from the same person at ' || COALESCE(site, 'the same authority')
        || ' (' || duplicate_of || ') answer for answer, so only the earlier is counted.' AS message
FROM responses
WHERE status = 'duplicate_start'
