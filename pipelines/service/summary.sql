-- summary: one row per group (all, ld, mh, mixed, evidence_based) and
-- period (each period, and 'all'). For every metric M:
--   mean_M    unweighted mean of the services' own values - the published
--             study's method ("average cost per person" = AVG(cost_per_person))
--   median_M, min_M, max_M
--   sd_M      sample standard deviation (n - 1)
--   n_M       services that have a value for M (each metric its own n)
-- and pooled ratios over the services that have both parts, e.g.
--   pooled_cost_per_person = sum(total_cost) / sum(people_total).
-- Services with an open error are left out of every figure (n_excluded
-- says how many), as the study left out unusable returns.
WITH counts AS (
    SELECT
        grp,
        summary_period,
        SUM(CASE WHEN excluded THEN 0 ELSE 1 END) AS n_services,
        SUM(CASE WHEN excluded THEN 1 ELSE 0 END) AS n_excluded
    FROM service_groups
    GROUP BY grp, summary_period
),
stats AS (
    SELECT
        grp,
        summary_period,
        AVG(people_total) AS mean_people_total,
        MEDIAN(people_total) AS median_people_total,
        MIN(people_total) AS min_people_total,
        MAX(people_total) AS max_people_total,
        STDDEV(people_total) AS sd_people_total,
        COUNT(people_total) AS n_people_total,
        AVG(total_cost) AS mean_total_cost,
        MEDIAN(total_cost) AS median_total_cost,
        MIN(total_cost) AS min_total_cost,
        MAX(total_cost) AS max_total_cost,
        STDDEV(total_cost) AS sd_total_cost,
        COUNT(total_cost) AS n_total_cost,
        AVG(cost_per_person) AS mean_cost_per_person,
        MEDIAN(cost_per_person) AS median_cost_per_person,
        MIN(cost_per_person) AS min_cost_per_person,
        MAX(cost_per_person) AS max_cost_per_person,
        STDDEV(cost_per_person) AS sd_cost_per_person,
        COUNT(cost_per_person) AS n_cost_per_person,
        AVG(outcome_rate) AS mean_outcome_rate,
        MEDIAN(outcome_rate) AS median_outcome_rate,
        MIN(outcome_rate) AS min_outcome_rate,
        MAX(outcome_rate) AS max_outcome_rate,
        STDDEV(outcome_rate) AS sd_outcome_rate,
        COUNT(outcome_rate) AS n_outcome_rate,
        AVG(cost_per_outcome) AS mean_cost_per_outcome,
        MEDIAN(cost_per_outcome) AS median_cost_per_outcome,
        MIN(cost_per_outcome) AS min_cost_per_outcome,
        MAX(cost_per_outcome) AS max_cost_per_outcome,
        STDDEV(cost_per_outcome) AS sd_cost_per_outcome,
        COUNT(cost_per_outcome) AS n_cost_per_outcome,
        AVG(share_new) AS mean_share_new,
        MEDIAN(share_new) AS median_share_new,
        MIN(share_new) AS min_share_new,
        MAX(share_new) AS max_share_new,
        STDDEV(share_new) AS sd_share_new,
        COUNT(share_new) AS n_share_new,
        AVG(share_retained) AS mean_share_retained,
        MEDIAN(share_retained) AS median_share_retained,
        MIN(share_retained) AS min_share_retained,
        MAX(share_retained) AS max_share_retained,
        STDDEV(share_retained) AS sd_share_retained,
        COUNT(share_retained) AS n_share_retained,
        AVG(share_self_employed) AS mean_share_self_employed,
        MEDIAN(share_self_employed) AS median_share_self_employed,
        MIN(share_self_employed) AS min_share_self_employed,
        MAX(share_self_employed) AS max_share_self_employed,
        STDDEV(share_self_employed) AS sd_share_self_employed,
        COUNT(share_self_employed) AS n_share_self_employed,
        AVG(per100_new) AS mean_per100_new,
        MEDIAN(per100_new) AS median_per100_new,
        MIN(per100_new) AS min_per100_new,
        MAX(per100_new) AS max_per100_new,
        STDDEV(per100_new) AS sd_per100_new,
        COUNT(per100_new) AS n_per100_new,
        AVG(per100_retained) AS mean_per100_retained,
        MEDIAN(per100_retained) AS median_per100_retained,
        MIN(per100_retained) AS min_per100_retained,
        MAX(per100_retained) AS max_per100_retained,
        STDDEV(per100_retained) AS sd_per100_retained,
        COUNT(per100_retained) AS n_per100_retained,
        AVG(per100_self_employed) AS mean_per100_self_employed,
        MEDIAN(per100_self_employed) AS median_per100_self_employed,
        MIN(per100_self_employed) AS min_per100_self_employed,
        MAX(per100_self_employed) AS max_per100_self_employed,
        STDDEV(per100_self_employed) AS sd_per100_self_employed,
        COUNT(per100_self_employed) AS n_per100_self_employed,
        AVG(per100_outcomes) AS mean_per100_outcomes,
        MEDIAN(per100_outcomes) AS median_per100_outcomes,
        MIN(per100_outcomes) AS min_per100_outcomes,
        MAX(per100_outcomes) AS max_per100_outcomes,
        STDDEV(per100_outcomes) AS sd_per100_outcomes,
        COUNT(per100_outcomes) AS n_per100_outcomes,
        AVG(p_support_lt7) AS mean_p_support_lt7,
        MEDIAN(p_support_lt7) AS median_p_support_lt7,
        MIN(p_support_lt7) AS min_p_support_lt7,
        MAX(p_support_lt7) AS max_p_support_lt7,
        STDDEV(p_support_lt7) AS sd_p_support_lt7,
        COUNT(p_support_lt7) AS n_p_support_lt7,
        AVG(p_support_7_40) AS mean_p_support_7_40,
        MEDIAN(p_support_7_40) AS median_p_support_7_40,
        MIN(p_support_7_40) AS min_p_support_7_40,
        MAX(p_support_7_40) AS max_p_support_7_40,
        STDDEV(p_support_7_40) AS sd_p_support_7_40,
        COUNT(p_support_7_40) AS n_p_support_7_40,
        AVG(p_support_gt40) AS mean_p_support_gt40,
        MEDIAN(p_support_gt40) AS median_p_support_gt40,
        MIN(p_support_gt40) AS min_p_support_gt40,
        MAX(p_support_gt40) AS max_p_support_gt40,
        STDDEV(p_support_gt40) AS sd_p_support_gt40,
        COUNT(p_support_gt40) AS n_p_support_gt40,
        AVG(sli) AS mean_sli,
        MEDIAN(sli) AS median_sli,
        MIN(sli) AS min_sli,
        MAX(sli) AS max_sli,
        STDDEV(sli) AS sd_sli,
        COUNT(sli) AS n_sli,
        SUM(CASE WHEN total_cost IS NOT NULL AND people_total IS NOT NULL THEN total_cost END)
            / NULLIF(SUM(CASE WHEN total_cost IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS pooled_cost_per_person,
        SUM(CASE WHEN outcomes_total IS NOT NULL AND people_total IS NOT NULL THEN outcomes_total END)
            / NULLIF(SUM(CASE WHEN outcomes_total IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS pooled_outcome_rate,
        SUM(CASE WHEN total_cost IS NOT NULL AND outcomes_total IS NOT NULL THEN total_cost END)
            / NULLIF(SUM(CASE WHEN total_cost IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_total END), 0) AS pooled_cost_per_outcome,
        SUM(CASE WHEN outcomes_new IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_new END)
            / NULLIF(SUM(CASE WHEN outcomes_new IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_total END), 0) AS pooled_share_new,
        SUM(CASE WHEN outcomes_retained IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_retained END)
            / NULLIF(SUM(CASE WHEN outcomes_retained IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_total END), 0) AS pooled_share_retained,
        SUM(CASE WHEN outcomes_self_employed IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_self_employed END)
            / NULLIF(SUM(CASE WHEN outcomes_self_employed IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_total END), 0) AS pooled_share_self_employed
    FROM service_groups
    WHERE NOT excluded
    GROUP BY grp, summary_period
)
SELECT
    c.grp AS "group",
    c.summary_period AS period,
    c.n_services,
    c.n_excluded,
    s.* EXCLUDE (grp, summary_period)
FROM counts c
LEFT JOIN stats s ON s.grp = c.grp AND s.summary_period = c.summary_period
ORDER BY "group", period
