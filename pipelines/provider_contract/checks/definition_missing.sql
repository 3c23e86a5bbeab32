-- rule: definition_missing
-- severity: warning
-- about: a contract row declares none of its outcome definitions (least hours counted as a job, weeks counted as retained, what in-work support means), so its outcomes cannot be compared safely
SELECT
    contract_key AS service_key,
    'def_job_hours_min' AS field,
    client_group || ' / ' || funder || ': no outcome definitions' AS "values",
    'The return does not say what ' || provider || ' counts as a job (least hours a week), as retained (weeks in work)'
        || ' or as in-work support. Can they tell us?' AS message
FROM contracts
WHERE usable AND NOT has_definition
