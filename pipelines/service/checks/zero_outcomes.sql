-- rule: zero_outcomes
-- severity: warning
-- about: no job outcomes at all for the year, so cost per job outcome cannot be worked out
SELECT
    service_key,
    'outcomes_total' AS field,
    'outcomes_total 0 of people_total ' || CAST(people_total AS VARCHAR) AS "values",
    'The return shows nobody supported into a job out of ' || CAST(people_total AS VARCHAR)
        || ' people. Is that right, or are job outcomes recorded somewhere else?' AS message
FROM services
WHERE outcomes_total = 0 AND people_total > 0
