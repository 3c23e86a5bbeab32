-- per100_segments: of every 100 people supported in a client group or at a
-- support level, how many had a job outcome (pooled: 100 x sum(outcomes in
-- the segment) / sum(people in the segment), over services that report
-- both). One row per group x period x segment, from the sums per group
-- and period (per100_sums): a row per service per segment first would
-- hold ten rows for each of service_groups' (800,000 at 20,000 returns).
WITH long AS (
    SELECT grp, summary_period, 'client_group' AS breakdown, 'ld' AS segment, n_ld AS n_services, ppl_ld AS people, out_ld AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'physical_sensory' AS segment, n_physical_sensory AS n_services, ppl_physical_sensory AS people, out_physical_sensory AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'mh' AS segment, n_mh AS n_services, ppl_mh AS people, out_mh AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'autism' AS segment, n_autism AS n_services, ppl_autism AS people, out_autism AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'homeless' AS segment, n_homeless AS n_services, ppl_homeless AS people, out_homeless AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'drug_alcohol' AS segment, n_drug_alcohol AS n_services, ppl_drug_alcohol AS people, out_drug_alcohol AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'client_group' AS breakdown, 'other' AS segment, n_other AS n_services, ppl_other AS people, out_other AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_lt7' AS segment, n_support_lt7 AS n_services, ppl_support_lt7 AS people, out_support_lt7 AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_7_40' AS segment, n_support_7_40 AS n_services, ppl_support_7_40 AS people, out_support_7_40 AS outcomes FROM per100_sums
    UNION ALL SELECT grp, summary_period, 'support_level' AS breakdown, 'support_gt40' AS segment, n_support_gt40 AS n_services, ppl_support_gt40 AS people, out_support_gt40 AS outcomes FROM per100_sums
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
