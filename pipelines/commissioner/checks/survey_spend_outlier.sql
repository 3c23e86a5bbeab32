-- rule: survey_spend_outlier
-- severity: warning
-- about: a spend figure far from other authorities' for the same stream and year (five or more figures): robust z-score of its logarithm beyond the configured threshold (default 3.5), e.g. a figure typed in thousands
WITH v AS (
    SELECT response_key, stream, year, spend, LN(spend) AS x, 1 AS one
    FROM survey_spend WHERE subset = 'whole' AND spend > 0
),
med AS (
    SELECT stream, year, MEDIAN(x) AS m, MEDIAN(spend) AS median_spend FROM v GROUP BY stream, year
    HAVING COUNT(*) >= 5
),
dev AS (
    SELECT v.*, med.m, med.median_spend, ABS(v.x - med.m) AS d
    FROM v JOIN med ON med.stream = v.stream AND med.year = v.year
),
mad AS (
    SELECT stream, year, MEDIAN(d) AS mad FROM dev GROUP BY stream, year
),
z AS (
    SELECT dev.*, (dev.x - dev.m) / (1.4826 * mad.mad) AS z
    FROM dev JOIN mad ON mad.stream = dev.stream AND mad.year = dev.year
    WHERE mad.mad > 0
)
SELECT
    z.response_key AS service_key,
    'spend_' || z.stream || '_' || z.year AS field,
    'spend_' || z.stream || '_' || z.year || ' ' || CAST(CAST(ROUND(z.spend) AS BIGINT) AS VARCHAR)
        || ' (median ' || CAST(CAST(ROUND(z.median_spend) AS BIGINT) AS VARCHAR) || ')' AS "values",
    'The ' || REPLACE(z.stream, '_', ' ') || ' spend for ' || REPLACE(z.year, '_', '-') || ' is £'
        || CAST(CAST(ROUND(z.spend) AS BIGINT) AS VARCHAR) || ', far from the £'
        || CAST(CAST(ROUND(z.median_spend) AS BIGINT) AS VARCHAR)
        || ' typical of other authorities. Is it in pounds (not thousands), and for employment support only?' AS message
FROM z JOIN check_settings c ON c.one = z.one
WHERE ABS(z.z) > c.outlier_z
