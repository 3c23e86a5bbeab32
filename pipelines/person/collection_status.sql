-- collection_status: the collection tracker (the Jobs First report's
-- Table 2). Per site x cohort x collection point in expected.csv or in the
-- records, with `all` rows for cohorts and sites: people received against
-- people expected, the shortfall, and each site's share of what was
-- received. status: none (expected, nothing received), below_target, met,
-- unexpected (no expected row). last_received: when the latest arrived.
-- Besides the person cohorts, expected.csv may list cohort `service`
-- (collection = the year, e.g. 2012/13: service returns expected from a
-- site) and `commissioner` (collection `survey`: survey responses); these
-- count returns, and are never pooled into cohort `all`.
WITH exp AS (
    SELECT site, cohort, collection, SUM(expected) AS expected
    FROM expected GROUP BY site, cohort, collection
),
rec AS (
    SELECT site, cohort, collection, COUNT(DISTINCT person) AS received, MAX(received_at) AS last_received
    FROM collection_received GROUP BY site, cohort, collection
),
keys AS (
    SELECT site, cohort, collection FROM exp
    UNION
    SELECT site, cohort, collection FROM rec
),
j AS (
    SELECT k.site, k.cohort, k.collection, e.expected, CAST(COALESCE(r.received, 0) AS BIGINT) AS received,
        r.last_received
    FROM keys k
    LEFT JOIN exp e ON e.site = k.site AND e.cohort = k.cohort AND e.collection = k.collection
    LEFT JOIN rec r ON r.site = k.site AND r.cohort = k.cohort AND r.collection = k.collection
),
whole AS (SELECT cohort, collection, received AS all_received FROM j WHERE site = 'all')
SELECT
    j.site,
    j.cohort,
    j.collection,
    j.expected,
    j.received,
    CASE WHEN j.expected IS NULL THEN NULL
        WHEN j.expected > j.received THEN j.expected - j.received ELSE 0.0 END AS shortfall,
    100.0 * j.received / NULLIF(j.expected, 0) AS pct_of_expected,
    100.0 * j.received / NULLIF(w.all_received, 0) AS share_of_received,
    CASE
        WHEN j.expected IS NULL THEN 'unexpected'
        WHEN j.expected > 0 AND j.received = 0 THEN 'none'
        WHEN j.received < j.expected THEN 'below_target'
        ELSE 'met'
    END AS status,
    j.last_received
FROM j
LEFT JOIN whole w ON w.cohort = j.cohort AND w.collection = j.collection
ORDER BY CASE WHEN j.site = 'all' THEN 1 ELSE 0 END, j.site, j.collection, j.cohort
