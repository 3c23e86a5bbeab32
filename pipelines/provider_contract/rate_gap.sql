-- rate_gap: the review's Chart 10. Per area x client group with an
-- employment rate, against each comparator with a rate for that group:
-- the gap in percentage points and the extra people in work needed to
-- close it (the area's `rate_base` population x gap / 100, rounded up;
-- 0 when the area is already at or above the comparator, the review's
-- "-"; null without a population). Sources and periods come with it.
WITH rates AS (
    SELECT area, area_type, client_group, AVG(value) AS rate, MIN(source) AS source, MIN(period) AS period
    FROM area_figures WHERE role = 'rate' AND value IS NOT NULL
    GROUP BY area, area_type, client_group
),
base AS (
    SELECT area, client_group, AVG(value) AS denominator, MIN(source) AS source
    FROM area_figures WHERE role = 'rate_base' AND area_type = 'area' AND value IS NOT NULL
    GROUP BY area, client_group
),
pairs AS (
    SELECT a.area, a.client_group, c.area AS comparator, b.denominator, a.rate, c.rate AS comparator_rate,
        c.rate - a.rate AS gap_points,
        a.source AS rate_source, a.period AS rate_period, c.source AS comparator_source,
        b.source AS denominator_source
    FROM rates a
    JOIN rates c ON c.client_group = a.client_group
    LEFT JOIN base b ON b.area = a.area AND b.client_group = a.client_group
    WHERE a.area_type = 'area' AND c.area_type = 'comparator'
)
SELECT
    area, client_group, comparator, denominator, rate, comparator_rate, gap_points,
    denominator * gap_points / 100.0 AS jobs_needed_exact,
    CASE
        WHEN denominator IS NULL THEN NULL
        WHEN gap_points <= 0 THEN CAST(0 AS BIGINT)
        -- a hair below, so float noise in an exact whole number never adds one
        ELSE CAST(CEIL(denominator * gap_points / 100.0 - 0.000000001) AS BIGINT)
    END AS jobs_needed,
    rate_source, rate_period, comparator_source, denominator_source
FROM pairs
ORDER BY client_group, area, comparator
