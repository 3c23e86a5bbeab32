-- pb_income: what providers with PB funding received through Personal
-- Budgets in the last financial year (returns/provider_pb.md §6; the
-- study's Table 2 and income per user). mean_per_user is the study's
-- figure: the mean of each provider's income / users (both > 0);
-- pooled_per_user divides the same providers' summed income by their
-- summed users. hours_per_user: the mean at benchmarks.toml's hourly cost
-- of employment support, a year; hours_per_week: that / 52.
WITH yes AS (
    SELECT * FROM pb_rows WHERE status = 'usable' AND pb_funding_18m = 'yes'
),
rate AS (
    SELECT MIN(value) AS hourly_rate FROM reference_points WHERE metric = 'hourly_cost'
),
per AS (
    SELECT
        period,
        COUNT(*) AS n_group,
        SUM(CASE WHEN income_band NOT IN ('not_known', 'missing') THEN 1 ELSE 0 END) AS n_given,
        SUM(CASE WHEN income_band = 'not_known' THEN 1 ELSE 0 END) AS n_not_known,
        SUM(CASE WHEN income_band = 'missing' THEN 1 ELSE 0 END) AS n_missing,
        COUNT(income_per_user) AS n_per_user,
        MIN(income_per_user) AS min_per_user,
        MAX(income_per_user) AS max_per_user,
        AVG(income_per_user) AS mean_per_user,
        MEDIAN(income_per_user) AS median_per_user,
        SUM(CASE WHEN income_per_user IS NOT NULL THEN pb_income_last_fy END)
            / NULLIF(SUM(CASE WHEN income_per_user IS NOT NULL THEN pb_users_last_fy END), 0) AS pooled_per_user
    FROM yes
    GROUP BY period
),
at_min AS (
    SELECT y.period, COUNT(*) AS n_at_min
    FROM yes y JOIN per p ON p.period = y.period
    WHERE y.income_per_user = p.min_per_user
    GROUP BY y.period
)
SELECT
    p.period,
    p.n_group, p.n_given, p.n_not_known, p.n_missing,
    p.n_per_user, p.min_per_user,
    COALESCE(m.n_at_min, 0) AS n_at_min,
    p.max_per_user, p.mean_per_user, p.median_per_user, p.pooled_per_user,
    r.hourly_rate,
    p.mean_per_user / NULLIF(r.hourly_rate, 0) AS hours_per_user,
    p.mean_per_user / NULLIF(r.hourly_rate, 0) / 52.0 AS hours_per_week
FROM per p
CROSS JOIN rate r
LEFT JOIN at_min m ON m.period = p.period
ORDER BY p.period
