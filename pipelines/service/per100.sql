-- per100: of every 100 people supported, how many gained a new job,
-- retained a job, became self-employed, had any job outcome, had none.
-- One row per group x period x method:
--   study            100 x (mean outcome rate) x (mean type share): how the
--                    published "23 new, 14 retained, 1 self-employed per
--                    100" arise from the study's averages
--   pooled           100 x sum(outcomes of the type) / sum(people), over
--                    services with both
--   mean_of_services the mean of the services' own per-100 figures
-- Services with an open error are left out, as in summary.
WITH g AS (SELECT * FROM service_groups WHERE NOT excluded)
SELECT grp AS "group", summary_period AS period, 'study' AS method,
    100.0 * AVG(outcome_rate) * AVG(share_new) AS per100_new,
    100.0 * AVG(outcome_rate) * AVG(share_retained) AS per100_retained,
    100.0 * AVG(outcome_rate) * AVG(share_self_employed) AS per100_self_employed,
    100.0 * AVG(outcome_rate) AS per100_outcomes,
    100.0 - 100.0 * AVG(outcome_rate) AS per100_no_outcome
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'pooled' AS method,
    100.0 * SUM(CASE WHEN outcomes_new IS NOT NULL AND people_total IS NOT NULL THEN outcomes_new END)
        / NULLIF(SUM(CASE WHEN outcomes_new IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS per100_new,
    100.0 * SUM(CASE WHEN outcomes_retained IS NOT NULL AND people_total IS NOT NULL THEN outcomes_retained END)
        / NULLIF(SUM(CASE WHEN outcomes_retained IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS per100_retained,
    100.0 * SUM(CASE WHEN outcomes_self_employed IS NOT NULL AND people_total IS NOT NULL THEN outcomes_self_employed END)
        / NULLIF(SUM(CASE WHEN outcomes_self_employed IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS per100_self_employed,
    100.0 * SUM(CASE WHEN outcomes_total IS NOT NULL AND people_total IS NOT NULL THEN outcomes_total END)
        / NULLIF(SUM(CASE WHEN outcomes_total IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS per100_outcomes,
    100.0 - 100.0 * SUM(CASE WHEN outcomes_total IS NOT NULL AND people_total IS NOT NULL THEN outcomes_total END)
        / NULLIF(SUM(CASE WHEN outcomes_total IS NOT NULL AND people_total IS NOT NULL THEN people_total END), 0) AS per100_no_outcome
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'mean_of_services' AS method,
    AVG(per100_new) AS per100_new,
    AVG(per100_retained) AS per100_retained,
    AVG(per100_self_employed) AS per100_self_employed,
    AVG(per100_outcomes) AS per100_outcomes,
    100.0 - AVG(per100_outcomes) AS per100_no_outcome
FROM g GROUP BY grp, summary_period
ORDER BY "group", period, method
