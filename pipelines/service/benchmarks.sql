-- benchmarks: each service, and each group's mean (the study's method),
-- against the bands in config/reference/benchmarks.toml. position is
-- inside / below / above; distance is how far outside the band (0 inside),
-- in the metric's own unit; good says whether that side of the band is
-- the good one (the band's `better`).
WITH service_values AS (
    SELECT 'service' AS level, service_key AS subject, period, COALESCE(primary_group, 'unknown') AS grp, 'cost_per_outcome' AS metric, cost_per_outcome AS value FROM services
    UNION ALL SELECT 'service' AS level, service_key AS subject, period, COALESCE(primary_group, 'unknown') AS grp, 'cost_per_person' AS metric, cost_per_person AS value FROM services
    UNION ALL SELECT 'service' AS level, service_key AS subject, period, COALESCE(primary_group, 'unknown') AS grp, 'outcome_rate' AS metric, outcome_rate AS value FROM services
),
group_values AS (
    SELECT 'group' AS level, "group" AS subject, period, "group" AS grp, 'cost_per_outcome' AS metric, mean_cost_per_outcome AS value FROM summary
    UNION ALL SELECT 'group' AS level, "group" AS subject, period, "group" AS grp, 'cost_per_person' AS metric, mean_cost_per_person AS value FROM summary
    UNION ALL SELECT 'group' AS level, "group" AS subject, period, "group" AS grp, 'outcome_rate' AS metric, mean_outcome_rate AS value FROM summary
),
all_values AS (
    SELECT * FROM service_values
    UNION ALL
    SELECT * FROM group_values
)
SELECT
    v.level,
    v.subject,
    v.period,
    v.metric,
    v.value,
    b.band,
    b.low,
    b.high,
    CASE
        WHEN v.value IS NULL THEN NULL
        WHEN b.low IS NOT NULL AND v.value < b.low THEN 'below'
        WHEN b.high IS NOT NULL AND v.value > b.high THEN 'above'
        ELSE 'inside'
    END AS position,
    CASE
        WHEN v.value IS NULL THEN NULL
        WHEN b.low IS NOT NULL AND v.value < b.low THEN b.low - v.value
        WHEN b.high IS NOT NULL AND v.value > b.high THEN v.value - b.high
        ELSE 0.0
    END AS distance,
    CASE
        WHEN v.value IS NULL THEN NULL
        WHEN b.low IS NOT NULL AND v.value < b.low THEN b.better = 'lower'
        WHEN b.high IS NOT NULL AND v.value > b.high THEN b.better = 'higher'
        ELSE TRUE
    END AS good,
    b.label,
    b.source
FROM all_values v
JOIN reference_bands b ON b.metric = v.metric AND b.applies_to = v.grp
ORDER BY v.level, v.subject, v.period, v.metric, b.band
