-- pb_responses: one row per usable response (returns/provider_pb.md §6).
-- Codes and bands: the code, not_known, or null (bands: missing); amounts
-- null unless known; multi-select options 1 / 0 (null: not answered).
SELECT
    period, response_id, source_file, org_name, register_provider, org_type,
    authorities, nation, people_supported, size_band, total_spend,
    pct_ld, pct_mh, pct_autism, pct_physical_sensory, pct_other, majority_group,
    provides_individual_job_support, provides_self_employment, provides_work_preparation,
    provides_sheltered_workshop, provides_social_firm, provides_other,
    pb_funding_18m, pb_users_last_fy, pb_users_ytd, pb_users_change,
    pb_pct_ld, pb_pct_mh, pb_pct_autism, pb_pct_physical_sensory, pb_pct_other, pb_majority_group,
    pb_over_retirement_age,
    pb_buys_individual_job_support, pb_buys_self_employment, pb_buys_work_preparation,
    pb_buys_sheltered_workshop, pb_buys_social_firm, pb_buys_other,
    pb_job_likelihood, pb_income_last_fy, income_band, income_per_user,
    pb_in_business_plan, pb_costing, pb_payment, pb_demand_18m, contact_ok,
    response_key
FROM pb_rows
WHERE status = 'usable'
ORDER BY period, org_name, response_id, response_key
