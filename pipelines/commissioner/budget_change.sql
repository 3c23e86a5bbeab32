-- budget_change: the study's Table 2 — how each budget stream changed from
-- 2011-12 to 2012-13, over the responses giving both years with 2011-12
-- above 0 (n), for the whole set and the "accurate" subset. increase: the
-- 2012-13 figure is higher; equal: the same; decrease: lower but above 0;
-- cut: 0. Percentages are 0-100 of n; null when n is 0.
WITH pairs AS (
    SELECT a.response_key, a.subset, a.stream, a.spend AS y1, b.spend AS y2
    FROM survey_spend a
    JOIN survey_spend b
        ON b.response_key = a.response_key AND b.subset = a.subset AND b.stream = a.stream
    WHERE a.year = '2011_12' AND b.year = '2012_13'
        AND a.spend > 0 AND b.spend IS NOT NULL
),
changes AS (
    SELECT subset, stream,
        CASE WHEN y2 > y1 THEN 1 ELSE 0 END AS increase,
        CASE WHEN y2 = y1 THEN 1 ELSE 0 END AS equal,
        CASE WHEN y2 < y1 AND y2 > 0 THEN 1 ELSE 0 END AS decrease,
        CASE WHEN y2 = 0 THEN 1 ELSE 0 END AS cut
    FROM pairs
),
counts AS (
    SELECT subset, stream, COUNT(*) AS n, SUM(increase) AS n_increase, SUM(equal) AS n_equal,
        SUM(decrease) AS n_decrease, SUM(cut) AS n_cut
    FROM changes GROUP BY subset, stream
),
grid AS (
    SELECT s.code AS stream, s.ord AS stream_ord, u.code AS subset, u.ord AS subset_ord
    FROM survey_codes s CROSS JOIN survey_codes u
    WHERE s.set = 'stream' AND u.set = 'subset'
)
SELECT
    g.stream,
    g.subset,
    COALESCE(c.n, 0) AS n,
    100.0 * c.n_increase / NULLIF(c.n, 0) AS pct_increase,
    100.0 * c.n_equal / NULLIF(c.n, 0) AS pct_equal,
    100.0 * c.n_decrease / NULLIF(c.n, 0) AS pct_decrease,
    100.0 * c.n_cut / NULLIF(c.n, 0) AS pct_cut
FROM grid g
LEFT JOIN counts c ON c.stream = g.stream AND c.subset = g.subset
ORDER BY g.stream_ord, g.subset_ord
