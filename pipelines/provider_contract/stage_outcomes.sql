-- stage_outcomes: outcomes at each stage of the pathway and per 100
-- clients accessing, with the crude cost per outcome (contract value /
-- outcomes: a flag for a question, not a verdict). Rows: each merged
-- contract row; each provider over all its rows (area and client group
-- `total`); and provider `total` for each area, for `all` (rows not split
-- by area) and for `total` (every row) x each client group, `mh`, `ld_pd`
-- and `total`. Area views leave out rows not split by area.
WITH m AS (SELECT * FROM contract_rows),
scopes AS (
    SELECT DISTINCT area AS scope, area FROM m WHERE area <> 'all'
    UNION ALL
    SELECT DISTINCT 'all' AS scope, area FROM m WHERE area = 'all'
    UNION ALL
    SELECT DISTINCT 'total' AS scope, area FROM m
),
rows_merged AS (
    SELECT period, area, provider, client_group, CAST(1 AS BIGINT) AS providers, contract_value, clients, outcomes_training, outcomes_volunteering, outcomes_work_experience, outcomes_paid_job, outcomes_job_retained FROM m
),
per_provider AS (
    SELECT m.period, 'total' AS area, m.provider, 'total' AS client_group, CAST(1 AS BIGINT) AS providers,
        CASE WHEN COUNT(m.contract_value) = 0 THEN NULL ELSE SUM(m.contract_value) END AS contract_value,
        CASE WHEN COUNT(m.clients) = 0 THEN NULL ELSE SUM(m.clients) END AS clients,
        CASE WHEN COUNT(m.outcomes_training) = 0 THEN NULL ELSE SUM(m.outcomes_training) END AS outcomes_training,
        CASE WHEN COUNT(m.outcomes_volunteering) = 0 THEN NULL ELSE SUM(m.outcomes_volunteering) END AS outcomes_volunteering,
        CASE WHEN COUNT(m.outcomes_work_experience) = 0 THEN NULL ELSE SUM(m.outcomes_work_experience) END AS outcomes_work_experience,
        CASE WHEN COUNT(m.outcomes_paid_job) = 0 THEN NULL ELSE SUM(m.outcomes_paid_job) END AS outcomes_paid_job,
        CASE WHEN COUNT(m.outcomes_job_retained) = 0 THEN NULL ELSE SUM(m.outcomes_job_retained) END AS outcomes_job_retained
    FROM m GROUP BY m.period, m.provider
),
per_area AS (
    SELECT m.period, s.scope AS area, 'total' AS provider, g.group_name AS client_group,
        CAST(COUNT(DISTINCT m.provider) AS BIGINT) AS providers,
        CASE WHEN COUNT(m.contract_value) = 0 THEN NULL ELSE SUM(m.contract_value) END AS contract_value,
        CASE WHEN COUNT(m.clients) = 0 THEN NULL ELSE SUM(m.clients) END AS clients,
        CASE WHEN COUNT(m.outcomes_training) = 0 THEN NULL ELSE SUM(m.outcomes_training) END AS outcomes_training,
        CASE WHEN COUNT(m.outcomes_volunteering) = 0 THEN NULL ELSE SUM(m.outcomes_volunteering) END AS outcomes_volunteering,
        CASE WHEN COUNT(m.outcomes_work_experience) = 0 THEN NULL ELSE SUM(m.outcomes_work_experience) END AS outcomes_work_experience,
        CASE WHEN COUNT(m.outcomes_paid_job) = 0 THEN NULL ELSE SUM(m.outcomes_paid_job) END AS outcomes_paid_job,
        CASE WHEN COUNT(m.outcomes_job_retained) = 0 THEN NULL ELSE SUM(m.outcomes_job_retained) END AS outcomes_job_retained
    FROM m
    JOIN scopes s ON s.area = m.area
    JOIN group_members g ON g.member = m.client_group
    GROUP BY m.period, s.scope, g.group_name
),
u AS (
    SELECT * FROM rows_merged
    UNION ALL SELECT * FROM per_provider
    UNION ALL SELECT * FROM per_area
),
t AS (SELECT u.*, CASE WHEN outcomes_training IS NULL AND outcomes_volunteering IS NULL AND outcomes_work_experience IS NULL AND outcomes_paid_job IS NULL AND outcomes_job_retained IS NULL THEN NULL ELSE COALESCE(outcomes_training, 0) + COALESCE(outcomes_volunteering, 0) + COALESCE(outcomes_work_experience, 0) + COALESCE(outcomes_paid_job, 0) + COALESCE(outcomes_job_retained, 0) END AS outcomes_total FROM u)
SELECT
    period, area, provider, client_group, providers, contract_value, clients,
    outcomes_training, outcomes_volunteering, outcomes_work_experience, outcomes_paid_job, outcomes_job_retained, outcomes_total,
    100.0 * outcomes_training / NULLIF(clients, 0) AS per100_training,
    100.0 * outcomes_volunteering / NULLIF(clients, 0) AS per100_volunteering,
    100.0 * outcomes_work_experience / NULLIF(clients, 0) AS per100_work_experience,
    100.0 * outcomes_paid_job / NULLIF(clients, 0) AS per100_paid_job,
    100.0 * outcomes_job_retained / NULLIF(clients, 0) AS per100_job_retained,
    100.0 * outcomes_total / NULLIF(clients, 0) AS per100_total,
    contract_value / NULLIF(outcomes_training, 0) AS cost_per_training,
    contract_value / NULLIF(outcomes_volunteering, 0) AS cost_per_volunteering,
    contract_value / NULLIF(outcomes_work_experience, 0) AS cost_per_work_experience,
    contract_value / NULLIF(outcomes_paid_job, 0) AS cost_per_paid_job,
    contract_value / NULLIF(outcomes_job_retained, 0) AS cost_per_job_retained,
    contract_value / NULLIF(outcomes_total, 0) AS cost_per_outcome
FROM t
ORDER BY period, area, provider, client_group
