-- per100_segments: of every 100 people supported in a client group or at a
-- support level, how many had a job outcome (pooled: 100 x sum(outcomes in
-- the segment) / sum(people in the segment), over services that report
-- both). One row per group x period x segment. The sums are taken per
-- group and period first and then turned into one row per segment: the
-- other way round, a row per service per segment, held ten rows for each
-- of service_groups' (800,000 at 20,000 returns).
WITH g AS (SELECT * FROM service_groups WHERE NOT excluded),
sums AS (
    SELECT
        grp,
        summary_period,
        COUNT(CASE WHEN people_ld IS NOT NULL AND outcomes_ld IS NOT NULL THEN 1 END) AS n_ld,
        SUM(CASE WHEN people_ld IS NOT NULL AND outcomes_ld IS NOT NULL THEN people_ld END) AS ppl_ld,
        SUM(CASE WHEN people_ld IS NOT NULL AND outcomes_ld IS NOT NULL THEN outcomes_ld END) AS out_ld,
        COUNT(CASE WHEN people_physical_sensory IS NOT NULL AND outcomes_physical_sensory IS NOT NULL THEN 1 END) AS n_physical_sensory,
        SUM(CASE WHEN people_physical_sensory IS NOT NULL AND outcomes_physical_sensory IS NOT NULL THEN people_physical_sensory END) AS ppl_physical_sensory,
        SUM(CASE WHEN people_physical_sensory IS NOT NULL AND outcomes_physical_sensory IS NOT NULL THEN outcomes_physical_sensory END) AS out_physical_sensory,
        COUNT(CASE WHEN people_mh IS NOT NULL AND outcomes_mh IS NOT NULL THEN 1 END) AS n_mh,
        SUM(CASE WHEN people_mh IS NOT NULL AND outcomes_mh IS NOT NULL THEN people_mh END) AS ppl_mh,
        SUM(CASE WHEN people_mh IS NOT NULL AND outcomes_mh IS NOT NULL THEN outcomes_mh END) AS out_mh,
        COUNT(CASE WHEN people_autism IS NOT NULL AND outcomes_autism IS NOT NULL THEN 1 END) AS n_autism,
        SUM(CASE WHEN people_autism IS NOT NULL AND outcomes_autism IS NOT NULL THEN people_autism END) AS ppl_autism,
        SUM(CASE WHEN people_autism IS NOT NULL AND outcomes_autism IS NOT NULL THEN outcomes_autism END) AS out_autism,
        COUNT(CASE WHEN people_homeless IS NOT NULL AND outcomes_homeless IS NOT NULL THEN 1 END) AS n_homeless,
        SUM(CASE WHEN people_homeless IS NOT NULL AND outcomes_homeless IS NOT NULL THEN people_homeless END) AS ppl_homeless,
        SUM(CASE WHEN people_homeless IS NOT NULL AND outcomes_homeless IS NOT NULL THEN outcomes_homeless END) AS out_homeless,
        COUNT(CASE WHEN people_drug_alcohol IS NOT NULL AND outcomes_drug_alcohol IS NOT NULL THEN 1 END) AS n_drug_alcohol,
        SUM(CASE WHEN people_drug_alcohol IS NOT NULL AND outcomes_drug_alcohol IS NOT NULL THEN people_drug_alcohol END) AS ppl_drug_alcohol,
        SUM(CASE WHEN people_drug_alcohol IS NOT NULL AND outcomes_drug_alcohol IS NOT NULL THEN outcomes_drug_alcohol END) AS out_drug_alcohol,
        COUNT(CASE WHEN people_other IS NOT NULL AND outcomes_other IS NOT NULL THEN 1 END) AS n_other,
        SUM(CASE WHEN people_other IS NOT NULL AND outcomes_other IS NOT NULL THEN people_other END) AS ppl_other,
        SUM(CASE WHEN people_other IS NOT NULL AND outcomes_other IS NOT NULL THEN outcomes_other END) AS out_other,
        COUNT(CASE WHEN people_support_lt7 IS NOT NULL AND outcomes_support_lt7 IS NOT NULL THEN 1 END) AS n_support_lt7,
        SUM(CASE WHEN people_support_lt7 IS NOT NULL AND outcomes_support_lt7 IS NOT NULL THEN people_support_lt7 END) AS ppl_support_lt7,
        SUM(CASE WHEN people_support_lt7 IS NOT NULL AND outcomes_support_lt7 IS NOT NULL THEN outcomes_support_lt7 END) AS out_support_lt7,
        COUNT(CASE WHEN people_support_7_40 IS NOT NULL AND outcomes_support_7_40 IS NOT NULL THEN 1 END) AS n_support_7_40,
        SUM(CASE WHEN people_support_7_40 IS NOT NULL AND outcomes_support_7_40 IS NOT NULL THEN people_support_7_40 END) AS ppl_support_7_40,
        SUM(CASE WHEN people_support_7_40 IS NOT NULL AND outcomes_support_7_40 IS NOT NULL THEN outcomes_support_7_40 END) AS out_support_7_40,
        COUNT(CASE WHEN people_support_gt40 IS NOT NULL AND outcomes_support_gt40 IS NOT NULL THEN 1 END) AS n_support_gt40,
        SUM(CASE WHEN people_support_gt40 IS NOT NULL AND outcomes_support_gt40 IS NOT NULL THEN people_support_gt40 END) AS ppl_support_gt40,
        SUM(CASE WHEN people_support_gt40 IS NOT NULL AND outcomes_support_gt40 IS NOT NULL THEN outcomes_support_gt40 END) AS out_support_gt40
    FROM g
    GROUP BY grp, summary_period
),
long AS (
    SELECT grp, summary_period, 'client_group' AS breakdown, 'ld' AS segment, n_ld AS n_services, ppl_ld AS people, out_ld AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'physical_sensory' AS segment, n_physical_sensory AS n_services, ppl_physical_sensory AS people, out_physical_sensory AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'mh' AS segment, n_mh AS n_services, ppl_mh AS people, out_mh AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'autism' AS segment, n_autism AS n_services, ppl_autism AS people, out_autism AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'homeless' AS segment, n_homeless AS n_services, ppl_homeless AS people, out_homeless AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'drug_alcohol' AS segment, n_drug_alcohol AS n_services, ppl_drug_alcohol AS people, out_drug_alcohol AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'other' AS segment, n_other AS n_services, ppl_other AS people, out_other AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_lt7' AS segment, n_support_lt7 AS n_services, ppl_support_lt7 AS people, out_support_lt7 AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_7_40' AS segment, n_support_7_40 AS n_services, ppl_support_7_40 AS people, out_support_7_40 AS outcomes FROM sums
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_gt40' AS segment, n_support_gt40 AS n_services, ppl_support_gt40 AS people, out_support_gt40 AS outcomes FROM sums
)
SELECT
    grp AS "group",
    summary_period AS period,
    breakdown,
    segment,
    n_services,
    people,
    outcomes,
    100.0 * outcomes / NULLIF(people, 0) AS per100_outcomes
FROM long
ORDER BY "group", period, breakdown, segment
