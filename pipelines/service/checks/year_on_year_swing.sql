-- rule: year_on_year_swing
-- severity: warning
-- about: the same service's total cost, people supported or job outcomes changed by more than the configured share (default 50 %) from the year before
WITH s AS (
    SELECT s.service_key, s.total_cost, s.people_total, s.outcomes_total, s.period, r.period_start,
        LOWER(r.site) || ' / ' || LOWER(s.service_name) AS who, 1 AS one
    FROM services s JOIN returns r ON r.service_key = s.service_key
),
pairs AS (
    SELECT b.service_key, 'total_cost' AS field, a.total_cost AS before, b.total_cost AS after, a.period AS before_period, b.one FROM s a JOIN s b ON b.who = a.who AND b.period_start = a.period_start + 1
    UNION ALL SELECT b.service_key, 'people_total' AS field, a.people_total AS before, b.people_total AS after, a.period AS before_period, b.one FROM s a JOIN s b ON b.who = a.who AND b.period_start = a.period_start + 1
    UNION ALL SELECT b.service_key, 'outcomes_total' AS field, a.outcomes_total AS before, b.outcomes_total AS after, a.period AS before_period, b.one FROM s a JOIN s b ON b.who = a.who AND b.period_start = a.period_start + 1
)
SELECT
    p.service_key,
    p.field,
    p.field || ' ' || CAST(CAST(p.before AS BIGINT) AS VARCHAR) || ' in ' || p.before_period || ' -> '
        || CAST(CAST(p.after AS BIGINT) AS VARCHAR) AS "values",
    p.field || ' went from ' || CAST(CAST(p.before AS BIGINT) AS VARCHAR) || ' in ' || p.before_period || ' to '
        || CAST(CAST(p.after AS BIGINT) AS VARCHAR)
        || '. Did the service change, or is one of the years counted differently?' AS message
FROM pairs p JOIN check_settings c ON c.one = p.one
WHERE p.before > 0 AND p.after IS NOT NULL AND ABS(p.after - p.before) / p.before > c.year_on_year_swing
