-- per100_segments: of every 100 people supported in a client group or at a
-- support level, how many had a job outcome (pooled: 100 x sum(outcomes in
-- the segment) / sum(people in the segment), over services that report
-- both). One row per group x period x segment.
WITH g AS (SELECT * FROM service_groups WHERE NOT excluded),
long AS (
    SELECT grp, summary_period, 'client_group' AS breakdown, 'ld' AS segment, people_ld AS people, outcomes_ld AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'physical_sensory' AS segment, people_physical_sensory AS people, outcomes_physical_sensory AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'mh' AS segment, people_mh AS people, outcomes_mh AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'autism' AS segment, people_autism AS people, outcomes_autism AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'homeless' AS segment, people_homeless AS people, outcomes_homeless AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'drug_alcohol' AS segment, people_drug_alcohol AS people, outcomes_drug_alcohol AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'other' AS segment, people_other AS people, outcomes_other AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_lt7' AS segment, people_support_lt7 AS people, outcomes_support_lt7 AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_7_40' AS segment, people_support_7_40 AS people, outcomes_support_7_40 AS outcomes FROM g
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_gt40' AS segment, people_support_gt40 AS people, outcomes_support_gt40 AS outcomes FROM g
)
SELECT
    grp AS "group",
    summary_period AS period,
    breakdown,
    segment,
    COUNT(CASE WHEN people IS NOT NULL AND outcomes IS NOT NULL THEN 1 END) AS n_services,
    SUM(CASE WHEN people IS NOT NULL AND outcomes IS NOT NULL THEN people END) AS people,
    SUM(CASE WHEN people IS NOT NULL AND outcomes IS NOT NULL THEN outcomes END) AS outcomes,
    100.0 * SUM(CASE WHEN people IS NOT NULL AND outcomes IS NOT NULL THEN outcomes END)
        / NULLIF(SUM(CASE WHEN people IS NOT NULL AND outcomes IS NOT NULL THEN people END), 0) AS per100_outcomes
FROM long
GROUP BY grp, summary_period, breakdown, segment
ORDER BY "group", period, breakdown, segment
