-- pb_hours: what a weekly personal budget buys in hours of support, per
-- cohort x site: the people with a weekly allocation recorded (n), its
-- mean and median, and the hours a week they buy at the hourly cost of
-- employment support and of social support in
-- config/reference/benchmarks.toml (metrics hourly_cost and
-- hourly_cost_social: edit them there). E.g. £54 a week at £24 an hour is
-- "just over two hours a week".
WITH rates AS (
    SELECT
        MIN(CASE WHEN metric = 'hourly_cost' THEN value END) AS hourly_rate,
        MIN(CASE WHEN metric = 'hourly_cost_social' THEN value END) AS social_hourly_rate,
        MIN(CASE WHEN metric = 'hourly_cost' THEN source END) AS rate_source,
        1 AS one
    FROM reference_points
),
p AS (SELECT people.*, 1 AS one FROM people WHERE pb_weekly IS NOT NULL)
SELECT
    p.cohort,
    p.site,
    CAST(COUNT(*) AS BIGINT) AS n,
    AVG(p.pb_weekly) AS mean_weekly,
    MEDIAN(p.pb_weekly) AS median_weekly,
    MIN(r.hourly_rate) AS hourly_rate,
    AVG(p.pb_weekly) / NULLIF(MIN(r.hourly_rate), 0) AS hours_mean,
    MEDIAN(p.pb_weekly) / NULLIF(MIN(r.hourly_rate), 0) AS hours_median,
    MIN(r.social_hourly_rate) AS social_hourly_rate,
    AVG(p.pb_weekly) / NULLIF(MIN(r.social_hourly_rate), 0) AS social_hours_mean,
    MIN(r.rate_source) AS rate_source
FROM p JOIN rates r ON r.one = p.one
GROUP BY p.cohort, p.site
ORDER BY p.cohort, p.site
