-- rule: outcomes_total_mismatch
-- severity: warning
-- about: a contract row's total outcomes differ from the sum of its five stage outcomes
WITH t AS (
    SELECT *, COALESCE(outcomes_training, 0) + COALESCE(outcomes_volunteering, 0) + COALESCE(outcomes_work_experience, 0)
        + COALESCE(outcomes_paid_job, 0) + COALESCE(outcomes_job_retained, 0) AS stage_sum
    FROM contracts WHERE usable AND outcomes_total_given IS NOT NULL
)
SELECT
    contract_key AS service_key,
    'outcomes_total' AS field,
    client_group || ' / ' || funder || ': total ' || CAST(CAST(outcomes_total_given AS BIGINT) AS VARCHAR)
        || ', stages add to ' || CAST(CAST(stage_sum AS BIGINT) AS VARCHAR) AS "values",
    'The total outcomes (' || CAST(CAST(outcomes_total_given AS BIGINT) AS VARCHAR) || ') do not match the outcomes by stage, which add to '
        || CAST(CAST(stage_sum AS BIGINT) AS VARCHAR) || '. Which is right?' AS message
FROM t
WHERE outcomes_total_given <> stage_sum
