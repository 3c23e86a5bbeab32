-- pb_users: how many people used a Personal Budget to buy employment
-- support from each provider with PB funding (Q9 yes), per window: the last
-- financial year and the year so far (returns/provider_pb.md §6; the
-- study's Table 1). A count above the people supported is an error and
-- counts as missing until amended.
WITH yes AS (
    SELECT * FROM pb_rows WHERE status = 'usable' AND pb_funding_18m = 'yes'
),
w AS (
    SELECT period, 'last_fy' AS win, 1 AS w_ord, pb_users_last_fy AS users, pb_users_last_fy_not_known AS nk FROM yes
    UNION ALL
    SELECT period, 'ytd' AS win, 2 AS w_ord, pb_users_ytd AS users, pb_users_ytd_not_known AS nk FROM yes
)
SELECT
    period,
    win AS "window",
    COUNT(*) AS n_group,
    COUNT(users) AS n_reporting,
    SUM(CASE WHEN nk THEN 1 ELSE 0 END) AS n_not_known,
    SUM(users) AS "sum",
    MIN(users) AS "min",
    MAX(users) AS "max",
    AVG(users) AS mean,
    MEDIAN(users) AS median,
    SUM(CASE WHEN users = 0 THEN 1 ELSE 0 END) AS n_zero,
    SUM(CASE WHEN users > 10 THEN 1 ELSE 0 END) AS n_over_10
FROM w
GROUP BY period, win, w_ord
ORDER BY period, w_ord
