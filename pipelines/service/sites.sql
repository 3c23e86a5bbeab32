-- sites: one row per commissioner (the matched authority, else the name as
-- written) and period. Totals over the site's services; ratios pooled over
-- the services that have both parts (sum(cost) / sum(people), ...).
SELECT
    r.site AS commissioner,
    MIN(r.authority_code) AS authority_code,
    MIN(r.region) AS region,
    s.period,
    COUNT(*) AS services,
    SUM(s.people_total) AS people_total,
    SUM(s.outcomes_total) AS outcomes_total,
    SUM(s.total_cost) AS total_cost,
    SUM(CASE WHEN s.total_cost IS NOT NULL AND s.people_total IS NOT NULL THEN s.total_cost END)
        / NULLIF(SUM(CASE WHEN s.total_cost IS NOT NULL AND s.people_total IS NOT NULL THEN s.people_total END), 0) AS pooled_cost_per_person,
    SUM(CASE WHEN s.total_cost IS NOT NULL AND s.outcomes_total IS NOT NULL THEN s.total_cost END)
        / NULLIF(SUM(CASE WHEN s.total_cost IS NOT NULL AND s.outcomes_total IS NOT NULL THEN s.outcomes_total END), 0) AS pooled_cost_per_outcome,
    SUM(CASE WHEN s.outcomes_total IS NOT NULL AND s.people_total IS NOT NULL THEN s.outcomes_total END)
        / NULLIF(SUM(CASE WHEN s.outcomes_total IS NOT NULL AND s.people_total IS NOT NULL THEN s.people_total END), 0) AS pooled_outcome_rate,
    100.0 * SUM(CASE WHEN s.outcomes_new IS NOT NULL AND s.people_total IS NOT NULL THEN s.outcomes_new END)
        / NULLIF(SUM(CASE WHEN s.outcomes_new IS NOT NULL AND s.people_total IS NOT NULL THEN s.people_total END), 0) AS per100_new,
    100.0 * SUM(CASE WHEN s.outcomes_retained IS NOT NULL AND s.people_total IS NOT NULL THEN s.outcomes_retained END)
        / NULLIF(SUM(CASE WHEN s.outcomes_retained IS NOT NULL AND s.people_total IS NOT NULL THEN s.people_total END), 0) AS per100_retained,
    100.0 * SUM(CASE WHEN s.outcomes_self_employed IS NOT NULL AND s.people_total IS NOT NULL THEN s.outcomes_self_employed END)
        / NULLIF(SUM(CASE WHEN s.outcomes_self_employed IS NOT NULL AND s.people_total IS NOT NULL THEN s.people_total END), 0) AS per100_self_employed,
    100.0 * SUM(CASE WHEN s.outcomes_total IS NOT NULL AND s.people_total IS NOT NULL THEN s.outcomes_total END)
        / NULLIF(SUM(CASE WHEN s.outcomes_total IS NOT NULL AND s.people_total IS NOT NULL THEN s.people_total END), 0) AS per100_outcomes,
    SUM(s.open_anomalies) AS open_anomalies
FROM services s
JOIN returns r ON r.service_key = s.service_key
GROUP BY r.site, s.period
ORDER BY commissioner, s.period
