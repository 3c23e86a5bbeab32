-- rule: outlier
-- severity: warning
-- about: cost per person or cost per job outcome far from other services in the same year: robust z-score of the logarithm, z = (x - median) / (1.4826 MAD), beyond the configured threshold (default 3.5)
WITH v AS (
    SELECT service_key, period, 'cost_per_person' AS field, LN(cost_per_person) AS x, cost_per_person AS raw, 1 AS one
    FROM services WHERE cost_per_person > 0 AND period IS NOT NULL
    UNION ALL
    SELECT service_key, period, 'cost_per_outcome' AS field, LN(cost_per_outcome) AS x, cost_per_outcome AS raw, 1 AS one
    FROM services WHERE cost_per_outcome > 0 AND period IS NOT NULL
),
med AS (
    SELECT period, field, MEDIAN(x) AS m, MEDIAN(raw) AS median_raw FROM v GROUP BY period, field
),
dev AS (
    SELECT v.*, med.m, med.median_raw, ABS(v.x - med.m) AS d
    FROM v JOIN med ON med.period = v.period AND med.field = v.field
),
mad AS (
    SELECT period, field, MEDIAN(d) AS mad FROM dev GROUP BY period, field
),
z AS (
    SELECT dev.*, (dev.x - dev.m) / (1.4826 * mad.mad) AS z
    FROM dev JOIN mad ON mad.period = dev.period AND mad.field = dev.field
    WHERE mad.mad > 0
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
