-- trends: the same service (and the same site) in consecutive financial
-- years: cost per job outcome and outcome rate then and now, with the
-- change (cost as a fraction of the earlier figure, rate in points).
-- Empty when only one period is present.
WITH s AS (
    SELECT s.*, r.period_start, r.site
    FROM services s JOIN returns r ON r.service_key = s.service_key
),
identity AS (
    SELECT *, LOWER(site) || ' / ' || LOWER(service_name) AS who FROM s
)
SELECT
    'service' AS level,
    a.site AS commissioner,
    a.service_name,
    a.period AS from_period,
    b.period AS to_period,
    a.cost_per_outcome AS cost_per_outcome_from,
    b.cost_per_outcome AS cost_per_outcome_to,
    (b.cost_per_outcome - a.cost_per_outcome) / NULLIF(a.cost_per_outcome, 0) AS change_cost_per_outcome,
    a.outcome_rate AS outcome_rate_from,
    b.outcome_rate AS outcome_rate_to,
    b.outcome_rate - a.outcome_rate AS change_outcome_rate
FROM identity a
JOIN identity b ON b.who = a.who AND b.period_start = a.period_start + 1
UNION ALL
SELECT
    'site' AS level,
    a.commissioner AS commissioner,
    CAST(NULL AS VARCHAR) AS service_name,
    a.period AS from_period,
    b.period AS to_period,
    a.pooled_cost_per_outcome AS cost_per_outcome_from,
    b.pooled_cost_per_outcome AS cost_per_outcome_to,
    (b.pooled_cost_per_outcome - a.pooled_cost_per_outcome) / NULLIF(a.pooled_cost_per_outcome, 0) AS change_cost_per_outcome,
    a.pooled_outcome_rate AS outcome_rate_from,
    b.pooled_outcome_rate AS outcome_rate_to,
    b.pooled_outcome_rate - a.pooled_outcome_rate AS change_outcome_rate
FROM sites a
JOIN sites b ON b.commissioner = a.commissioner AND CAST(SUBSTR(b.period, 1, 4) AS INT) = CAST(SUBSTR(a.period, 1, 4) AS INT) + 1
ORDER BY level, commissioner, service_name, from_period
