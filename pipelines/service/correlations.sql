-- correlations: Pearson's r between pairs of service figures, with n (the
-- services that have both), per group and period. The pairs are those the
-- published study reports (e.g. outcome rate x cost per outcome, r = -0.58).
-- Services with an open error are left out.
WITH g AS (SELECT * FROM service_groups WHERE NOT excluded)
SELECT grp AS "group", summary_period AS period, 'outcome_rate' AS x, 'cost_per_outcome' AS y,
    CORR(CASE WHEN outcome_rate IS NOT NULL AND cost_per_outcome IS NOT NULL THEN outcome_rate END, CASE WHEN outcome_rate IS NOT NULL AND cost_per_outcome IS NOT NULL THEN cost_per_outcome END) AS r,
    COUNT(CASE WHEN outcome_rate IS NOT NULL AND cost_per_outcome IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'share_retained' AS x, 'outcome_rate' AS y,
    CORR(CASE WHEN share_retained IS NOT NULL AND outcome_rate IS NOT NULL THEN share_retained END, CASE WHEN share_retained IS NOT NULL AND outcome_rate IS NOT NULL THEN outcome_rate END) AS r,
    COUNT(CASE WHEN share_retained IS NOT NULL AND outcome_rate IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'share_new' AS x, 'outcome_rate' AS y,
    CORR(CASE WHEN share_new IS NOT NULL AND outcome_rate IS NOT NULL THEN share_new END, CASE WHEN share_new IS NOT NULL AND outcome_rate IS NOT NULL THEN outcome_rate END) AS r,
    COUNT(CASE WHEN share_new IS NOT NULL AND outcome_rate IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'total_cost' AS x, 'cost_per_person' AS y,
    CORR(CASE WHEN total_cost IS NOT NULL AND cost_per_person IS NOT NULL THEN total_cost END, CASE WHEN total_cost IS NOT NULL AND cost_per_person IS NOT NULL THEN cost_per_person END) AS r,
    COUNT(CASE WHEN total_cost IS NOT NULL AND cost_per_person IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'people_total' AS x, 'outcomes_total' AS y,
    CORR(CASE WHEN people_total IS NOT NULL AND outcomes_total IS NOT NULL THEN people_total END, CASE WHEN people_total IS NOT NULL AND outcomes_total IS NOT NULL THEN outcomes_total END) AS r,
    COUNT(CASE WHEN people_total IS NOT NULL AND outcomes_total IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'sli' AS x, 'cost_per_person' AS y,
    CORR(CASE WHEN sli IS NOT NULL AND cost_per_person IS NOT NULL THEN sli END, CASE WHEN sli IS NOT NULL AND cost_per_person IS NOT NULL THEN cost_per_person END) AS r,
    COUNT(CASE WHEN sli IS NOT NULL AND cost_per_person IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
UNION ALL
SELECT grp AS "group", summary_period AS period, 'sli' AS x, 'cost_per_outcome' AS y,
    CORR(CASE WHEN sli IS NOT NULL AND cost_per_outcome IS NOT NULL THEN sli END, CASE WHEN sli IS NOT NULL AND cost_per_outcome IS NOT NULL THEN cost_per_outcome END) AS r,
    COUNT(CASE WHEN sli IS NOT NULL AND cost_per_outcome IS NOT NULL THEN 1 END) AS n
FROM g GROUP BY grp, summary_period
ORDER BY "group", period, x, y
