-- rule: survey_incomplete_start
-- severity: info
-- about: a survey response marked not completed with no spend figure: an abandoned start, left out of every survey table (listed here so nothing is dropped unseen)
SELECT
    response_key AS service_key,
    'completed' AS field,
    'completed no, no Table 1 figure' AS "values",
    'This survey response was started but not completed and gives no spend figure, so it is left out of the survey tables. If '
        || COALESCE(site, 'the authority') || ' meant to answer, ask them to complete the survey.' AS message
FROM responses
WHERE status = 'incomplete_start'
