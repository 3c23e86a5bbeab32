-- delivery_mix: Table 3, the share of 2011-12 spend by delivery
-- organisation, over the responses that filled Table 3 in (n; a blank
-- beside other figures is 0). mean_pct is the unweighted mean of the
-- responses' percentages (method: mean of responses), with the median.
WITH answered AS (
    SELECT subset, organisation, pct FROM survey_delivery WHERE answered AND pct IS NOT NULL
),
stats AS (
    SELECT subset, organisation, COUNT(*) AS n, AVG(pct) AS mean_pct, MEDIAN(pct) AS median_pct
    FROM answered GROUP BY subset, organisation
)
SELECT
    o.code AS organisation,
    u.code AS subset,
    COALESCE(s.n, 0) AS n,
    'mean of responses' AS method,
    s.mean_pct,
    s.median_pct
FROM survey_codes o
CROSS JOIN survey_codes u
LEFT JOIN stats s ON s.organisation = o.code AND s.subset = u.code
WHERE o.set = 'organisation' AND u.set = 'subset'
ORDER BY u.ord, o.ord
