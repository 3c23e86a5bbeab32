-- cohort_outcomes: employment of the cohorts at baseline and follow-up,
-- per cohort x site with at least one record (and `all`). Paid work =
-- paid employee or self-employed; each percentage is of the people with a
-- known status at that point (n_status_*), the move into paid work of the
-- paired people not in paid work at baseline, hours of the people in paid
-- work at follow-up with hours given (mean: unweighted, n = n_hours).
SELECT
    cohort,
    site,
    CAST(SUM(CASE WHEN has_baseline THEN 1 ELSE 0 END) AS BIGINT) AS n_baseline,
    CAST(SUM(CASE WHEN has_follow_up THEN 1 ELSE 0 END) AS BIGINT) AS n_follow_up,
    CAST(SUM(CASE WHEN has_baseline AND has_follow_up THEN 1 ELSE 0 END) AS BIGINT) AS n_paired,
    CAST(SUM(CASE WHEN withdrawn THEN 1 ELSE 0 END) AS BIGINT) AS n_withdrawn,
    CAST(SUM(CASE WHEN status_baseline THEN 1 ELSE 0 END) AS BIGINT) AS n_status_baseline,
    CAST(SUM(CASE WHEN paid_baseline THEN 1 ELSE 0 END) AS BIGINT) AS n_paid_baseline,
    100.0 * SUM(CASE WHEN paid_baseline THEN 1 ELSE 0 END)
        / NULLIF(SUM(CASE WHEN status_baseline THEN 1 ELSE 0 END), 0) AS pct_paid_baseline,
    CAST(SUM(CASE WHEN status_follow_up THEN 1 ELSE 0 END) AS BIGINT) AS n_status_follow_up,
    CAST(SUM(CASE WHEN paid_follow_up THEN 1 ELSE 0 END) AS BIGINT) AS n_paid_follow_up,
    100.0 * SUM(CASE WHEN paid_follow_up THEN 1 ELSE 0 END)
        / NULLIF(SUM(CASE WHEN status_follow_up THEN 1 ELSE 0 END), 0) AS pct_paid_follow_up,
    CAST(SUM(CASE WHEN paired_not_paid THEN 1 ELSE 0 END) AS BIGINT) AS n_paired_not_paid,
    CAST(SUM(CASE WHEN paired_not_paid AND paid_follow_up THEN 1 ELSE 0 END) AS BIGINT) AS n_into_paid,
    100.0 * SUM(CASE WHEN paired_not_paid AND paid_follow_up THEN 1 ELSE 0 END)
        / NULLIF(SUM(CASE WHEN paired_not_paid THEN 1 ELSE 0 END), 0) AS pct_into_paid,
    CAST(SUM(CASE WHEN hours_known THEN 1 ELSE 0 END) AS BIGINT) AS n_hours,
    AVG(hours) AS mean_hours,
    CAST(SUM(CASE WHEN hours >= 16 THEN 1 ELSE 0 END) AS BIGINT) AS n_16h_plus,
    100.0 * SUM(CASE WHEN hours >= 16 THEN 1 ELSE 0 END)
        / NULLIF(SUM(CASE WHEN hours_known THEN 1 ELSE 0 END), 0) AS pct_16h_plus
FROM people
GROUP BY cohort, site
ORDER BY cohort, site
