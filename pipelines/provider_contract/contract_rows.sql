-- contract_rows (internal): the usable contract rows merged per provider x
-- area x client group x year. Rows of one caseload reported to several
-- funders add their contract values; clients and each outcome count are
-- taken once (the largest). Sums are null only when no row has a value.
SELECT
    period, area, provider, client_group,
    MIN(contract_key) AS contract_key,
    CAST(COUNT(*) AS BIGINT) AS n_rows,
    CAST(COUNT(DISTINCT funder) AS BIGINT) AS funders,
    MIN(model) AS model,
    CASE WHEN COUNT(contract_value) = 0 THEN NULL ELSE SUM(contract_value) END AS contract_value,
    MAX(clients) AS clients,
    MAX(outcomes_training) AS outcomes_training,
    MAX(outcomes_volunteering) AS outcomes_volunteering,
    MAX(outcomes_work_experience) AS outcomes_work_experience,
    MAX(outcomes_paid_job) AS outcomes_paid_job,
    MAX(outcomes_job_retained) AS outcomes_job_retained
FROM contracts
WHERE usable
GROUP BY period, area, provider, client_group
