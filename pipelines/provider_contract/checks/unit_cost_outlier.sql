-- rule: unit_cost_outlier
-- severity: warning
-- about: a provider's crude cost per outcome is more than 3 times the median of its peers' (same client group, model and year; at least 3 peers with a cost per outcome)
WITH m AS (
    SELECT contract_key, period, area, provider, client_group, COALESCE(model, '') AS model,
        contract_value / NULLIF(
            COALESCE(outcomes_training, 0) + COALESCE(outcomes_volunteering, 0) + COALESCE(outcomes_work_experience, 0)
            + COALESCE(outcomes_paid_job, 0) + COALESCE(outcomes_job_retained, 0), 0) AS cpo
    FROM contract_rows
),
priced AS (SELECT * FROM m WHERE cpo IS NOT NULL),
peers AS (
    SELECT a.contract_key, a.cpo, MEDIAN(b.cpo) AS peer_median, COUNT(*) AS n_peers
    FROM priced a
    JOIN priced b ON b.client_group = a.client_group AND b.model = a.model AND b.period = a.period
    WHERE b.contract_key <> a.contract_key
    GROUP BY a.contract_key, a.cpo
)
SELECT
    p.contract_key AS service_key,
    'cost_per_outcome' AS field,
    c.client_group || ' / ' || c.funder || ': £' || CAST(CAST(ROUND(p.cpo) AS BIGINT) AS VARCHAR)
        || ' per outcome vs peers'' median £' || CAST(CAST(ROUND(p.peer_median) AS BIGINT) AS VARCHAR) AS "values",
    'Each outcome costs about £' || CAST(CAST(ROUND(p.cpo) AS BIGINT) AS VARCHAR) || ', over three times the £'
        || CAST(CAST(ROUND(p.peer_median) AS BIGINT) AS VARCHAR)
        || ' typical of similar providers. That may be legitimate (harder cases, a new service): worth asking why.' AS message
FROM peers p
JOIN contracts c ON c.contract_key = p.contract_key
WHERE p.n_peers >= 3 AND p.cpo > 3 * p.peer_median
