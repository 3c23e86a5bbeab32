-- rule: follow_up_without_baseline
-- severity: warning
-- about: a follow-up record for a person with no baseline record (kept and counted)
SELECT
    record_key AS service_key,
    'collection' AS field,
    'follow-up, no baseline' AS "values",
    'There is a follow-up record for this person but no baseline record. Was the baseline form sent?' AS message
FROM person_records
WHERE follow_up_without_baseline
