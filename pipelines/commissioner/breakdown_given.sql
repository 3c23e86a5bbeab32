-- breakdown_given: how many responses could break their 2011-12 spend down
-- by kind of support and client group (the study: 44 % could not), of all
-- responses (n). given: at least one figure in Table 2; unable: none (of
-- whom unable_ticked ticked "I am unable to supply this information").
WITH per_response AS (
    SELECT subset, response_key,
        MAX(CASE WHEN spend IS NOT NULL THEN 1 ELSE 0 END) AS given,
        MAX(CASE WHEN unable THEN 1 ELSE 0 END) AS ticked
    FROM survey_breakdown GROUP BY subset, response_key
),
counts AS (
    SELECT subset, COUNT(*) AS n, SUM(given) AS n_given,
        SUM(CASE WHEN given = 0 AND ticked = 1 THEN 1 ELSE 0 END) AS n_ticked
    FROM per_response GROUP BY subset
)
SELECT
    u.code AS subset,
    COALESCE(c.n, 0) AS n,
    COALESCE(c.n_given, 0) AS n_given,
    100.0 * c.n_given / NULLIF(c.n, 0) AS pct_given,
    100.0 * (c.n - c.n_given) / NULLIF(c.n, 0) AS pct_unable,
    100.0 * c.n_ticked / NULLIF(c.n, 0) AS pct_unable_ticked
FROM survey_codes u
LEFT JOIN counts c ON c.subset = u.code
WHERE u.set = 'subset'
ORDER BY u.ord
