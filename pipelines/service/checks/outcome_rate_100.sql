-- rule: outcome_rate_100
-- severity: warning
-- about: every person supported had a job outcome (a 100 % outcome rate)
SELECT
    service_key,
    'outcomes_total' AS field,
    'outcomes_total ' || CAST(outcomes_total AS VARCHAR) || ' = people_total ' || CAST(people_total AS VARCHAR) AS "values",
    'The return shows every one of the ' || CAST(people_total AS VARCHAR)
        || ' people supported into a job. Does the service count only people already in work, or is the number supported larger?' AS message
FROM services
WHERE people_total > 0 AND outcomes_total = people_total
