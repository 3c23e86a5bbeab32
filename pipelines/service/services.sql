-- services: one row per current service-year return, with the derived
-- figures of DOMAIN.md §2. Ratios with a zero or missing denominator are
-- NULL (NULLIF), never 0 or infinity. authority_code and region come from
-- config/reference/authorities.csv, evidence_based from evidence_based.csv.
SELECT
    service_key,
    commissioner,
    commissioner_as_sent,
    authority_code,
    region,
    service_name,
    period,
    source_file,
    total_cost,
    people_total,
    people_ld, people_physical_sensory, people_mh, people_autism,
    people_homeless, people_drug_alcohol, people_other,
    people_support_lt7, people_support_7_40, people_support_gt40,
    outcomes_total,
    outcomes_new, outcomes_retained, outcomes_self_employed,
    outcomes_ld, outcomes_physical_sensory, outcomes_mh, outcomes_autism,
    outcomes_homeless, outcomes_drug_alcohol, outcomes_other,
    outcomes_support_lt7, outcomes_support_7_40, outcomes_support_gt40,
    -- cost per person supported = total cost / people supported
    total_cost / NULLIF(people_total, 0) AS cost_per_person,
    -- job outcome rate = job outcomes / people supported (0..1)
    outcomes_total / NULLIF(people_total, 0) AS outcome_rate,
    -- cost per job outcome = total cost / job outcomes (NULL for 0 outcomes)
    total_cost / NULLIF(outcomes_total, 0) AS cost_per_outcome,
    -- outcome type shares = type / job outcomes
    outcomes_new / NULLIF(outcomes_total, 0) AS share_new,
    outcomes_retained / NULLIF(outcomes_total, 0) AS share_retained,
    outcomes_self_employed / NULLIF(outcomes_total, 0) AS share_self_employed,
    -- of every 100 people supported, how many gained each kind of outcome
    100.0 * outcomes_new / NULLIF(people_total, 0) AS per100_new,
    100.0 * outcomes_retained / NULLIF(people_total, 0) AS per100_retained,
    100.0 * outcomes_self_employed / NULLIF(people_total, 0) AS per100_self_employed,
    100.0 * outcomes_total / NULLIF(people_total, 0) AS per100_outcomes,
    -- primary group: LD or MH when that group is over half the people
    -- supported, otherwise mixed; unknown without a client-group split
    CASE
        WHEN people_total IS NULL OR people_total = 0 THEN NULL
        WHEN people_ld IS NULL AND people_mh IS NULL THEN NULL
        WHEN people_ld / people_total > 0.5 THEN 'ld'
        WHEN people_mh / people_total > 0.5 THEN 'mh'
        ELSE 'mixed'
    END AS primary_group,
    -- Support Level Index = p(<7h) + 3 p(7-40h) + 10 p(>40h), p over the
    -- sum of the three bands
    (people_support_lt7 + 3.0 * people_support_7_40 + 10.0 * people_support_gt40)
        / NULLIF(people_support_lt7 + people_support_7_40 + people_support_gt40, 0) AS sli,
    evidence_based,
    open_anomalies,
    -- left out of every group figure: an open error (DOMAIN.md §6)
    excluded
FROM returns
ORDER BY service_key
