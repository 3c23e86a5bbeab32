-- per100_sums (internal): for each group and period, per client group and
-- support level, the services that give both people and job outcomes
-- (n_<segment>), and the sums of those people (ppl_<segment>) and job
-- outcomes (out_<segment>). per100_segments turns them into one row per
-- segment; read from this table, its ten parts cost nothing to plan
-- (as one query, each part planned the sums again).
WITH g AS (SELECT * FROM service_groups WHERE NOT excluded)
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
