-- cohort_profile: who the cohorts are, at baseline (the Jobs First
-- report's Tables 3-5). Per cohort (jobs_first, comparison, all) x site
-- (each, all) x field x category: every code in form order, then missing
-- and not_known, also when n = 0. Each percentage names its denominator:
-- pct_records of everyone in the group (the missing row is the
-- missingness rate); pct_recorded of those with the field not blank
-- (codes and not_known); pct_valid of those with a known value (codes);
-- pct_any, for multi-select only, of those with at least one need
-- (n_valid less those answering none), so it may sum past 100.
WITH groups AS (SELECT DISTINCT cohort, site FROM person_states),
grid AS (
    SELECT g.cohort, g.site, c.field, c.field_ord, c.category, c.cat_ord, c.multi
    FROM groups g CROSS JOIN person_categories c
),
totals AS (
    SELECT cohort, site, field, COUNT(*) AS n_records,
        SUM(CASE WHEN state <> 'missing' THEN 1 ELSE 0 END) AS n_recorded,
        SUM(CASE WHEN state = 'valid' THEN 1 ELSE 0 END) AS n_valid
    FROM person_states GROUP BY cohort, site, field
),
hits AS (
    SELECT cohort, site, field, category, COUNT(DISTINCT person) AS n
    FROM person_hits GROUP BY cohort, site, field, category
),
none_hits AS (
    SELECT cohort, site, field, n AS n_none FROM hits WHERE category = 'none'
)
SELECT
    g.cohort,
    g.site,
    g.field,
    g.category,
    CAST(COALESCE(h.n, 0) AS BIGINT) AS n,
    CAST(t.n_records AS BIGINT) AS n_records,
    CAST(t.n_recorded AS BIGINT) AS n_recorded,
    CAST(t.n_valid AS BIGINT) AS n_valid,
    100.0 * COALESCE(h.n, 0) / NULLIF(t.n_records, 0) AS pct_records,
    CASE WHEN g.category = 'missing' THEN NULL
        ELSE 100.0 * COALESCE(h.n, 0) / NULLIF(t.n_recorded, 0) END AS pct_recorded,
    CASE WHEN g.category IN ('missing', 'not_known') THEN NULL
        ELSE 100.0 * COALESCE(h.n, 0) / NULLIF(t.n_valid, 0) END AS pct_valid,
    CASE WHEN g.multi AND g.category NOT IN ('none', 'missing', 'not_known')
        THEN 100.0 * COALESCE(h.n, 0) / NULLIF(t.n_valid - COALESCE(nh.n_none, 0), 0)
        ELSE NULL END AS pct_any
FROM grid g
JOIN totals t ON t.cohort = g.cohort AND t.site = g.site AND t.field = g.field
LEFT JOIN hits h ON h.cohort = g.cohort AND h.site = g.site AND h.field = g.field AND h.category = g.category
LEFT JOIN none_hits nh ON nh.cohort = g.cohort AND nh.site = g.site AND nh.field = g.field
ORDER BY g.cohort, g.site, g.field_ord, g.cat_ord
