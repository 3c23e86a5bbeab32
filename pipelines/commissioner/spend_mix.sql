-- spend_mix: how 2011-12 spend divides among kinds of support, per client
-- group (the study's Chart 4): pooled over the responses giving a figure
-- for that client group (n): pct = 100 x spend on the kind / spend on all
-- kinds for the group. Client group `all` pools every column. The share of
-- responses giving no breakdown at all is in `breakdown_given`.
WITH given AS (
    SELECT subset, response_key, client_group, support_type, spend
    FROM survey_breakdown WHERE spend IS NOT NULL
),
both_levels AS (
    SELECT subset, response_key, client_group, support_type, spend FROM given
    UNION ALL
    SELECT subset, response_key, 'all' AS client_group, support_type, spend FROM given
),
by_type AS (
    SELECT subset, client_group, support_type, SUM(spend) AS spend
    FROM both_levels GROUP BY subset, client_group, support_type
),
by_group AS (
    SELECT subset, client_group, COUNT(DISTINCT response_key) AS n, SUM(spend) AS group_spend
    FROM both_levels GROUP BY subset, client_group
),
groups AS (
    SELECT code AS client_group, ord AS g_ord FROM survey_codes WHERE set = 'client_group'
    UNION ALL
    SELECT 'all' AS client_group, 99 AS g_ord FROM survey_codes WHERE set = 'subset' AND code = 'whole'
),
grid AS (
    SELECT u.code AS subset, u.ord AS u_ord, g.client_group, g.g_ord, t.code AS support_type, t.ord AS t_ord
    FROM survey_codes u
    CROSS JOIN groups g
    CROSS JOIN survey_codes t
    WHERE u.set = 'subset' AND t.set = 'support_type'
)
SELECT
    grid.client_group,
    grid.support_type,
    grid.subset,
    COALESCE(b.n, 0) AS n,
    t.spend,
    100.0 * t.spend / NULLIF(b.group_spend, 0) AS pct
FROM grid
LEFT JOIN by_group b ON b.subset = grid.subset AND b.client_group = grid.client_group
LEFT JOIN by_type t ON t.subset = grid.subset AND t.client_group = grid.client_group AND t.support_type = grid.support_type
ORDER BY grid.u_ord, grid.g_ord, grid.t_ord
