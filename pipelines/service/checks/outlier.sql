-- rule: outlier
-- severity: warning
-- about: cost per person or cost per job outcome far from other services in the same year: robust z-score of the logarithm, z = (x - median) / (1.4826 MAD), beyond the configured threshold (default 3.5)
WITH
-- Each step reads only the one before it (the year's medians as window
-- functions, not joins back to the values), so nothing is worked out
-- twice.
v AS (
    SELECT service_key, period, 'cost_per_person' AS field, LN(cost_per_person) AS x, cost_per_person AS raw, 1 AS one
    FROM services WHERE cost_per_person > 0 AND period IS NOT NULL
    UNION ALL
    SELECT service_key, period, 'cost_per_outcome' AS field, LN(cost_per_outcome) AS x, cost_per_outcome AS raw, 1 AS one
    FROM services WHERE cost_per_outcome > 0 AND period IS NOT NULL
),
dev AS (
    SELECT v.*,
        MEDIAN(x) OVER (PARTITION BY period, field) AS m,
        MEDIAN(raw) OVER (PARTITION BY period, field) AS median_raw
    FROM v
),
mad AS (
    SELECT dev.*, MEDIAN(ABS(x - m)) OVER (PARTITION BY period, field) AS mad
    FROM dev
),
z AS (
    SELECT mad.*, (x - m) / (1.4826 * mad) AS z
    FROM mad
    WHERE mad > 0
)
SELECT
    z.service_key,
    z.field,
    z.field || ' £' || CAST(CAST(ROUND(z.raw) AS BIGINT) AS VARCHAR) || ' (median £'
        || CAST(CAST(ROUND(z.median_raw) AS BIGINT) AS VARCHAR) || ' in ' || z.period || ')' AS "values",
    'The ' || REPLACE(z.field, '_', ' ') || ' works out at £' || CAST(CAST(ROUND(z.raw) AS BIGINT) AS VARCHAR)
        || ', far from the £' || CAST(CAST(ROUND(z.median_raw) AS BIGINT) AS VARCHAR)
        || ' typical of services in ' || z.period
        || '. Can you check the total cost and the numbers of people and job outcomes?' AS message
FROM z JOIN check_settings c ON c.one = z.one
WHERE ABS(z.z) > c.outlier_z
