-- rule: cohort_conflict
-- severity: warning
-- about: a person's follow-up record names a different cohort from their baseline record; the baseline's cohort is used
SELECT
    record_key AS service_key,
    'cohort' AS field,
    'cohort ' || cohort_written || ', baseline ' || cohort AS "values",
    'This follow-up record puts the person in the ' || REPLACE(cohort_written, '_', ' ') || ' group, but their baseline record says '
        || REPLACE(cohort, '_', ' ') || ', which is used. Which is right?' AS message
FROM person_records
WHERE cohort_conflict
