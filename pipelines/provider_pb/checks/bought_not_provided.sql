-- rule: bought_not_provided
-- severity: warning
-- about: a kind of support is bought with Personal Budgets (Q14) but the provider did not say it provides it (Q7)
SELECT response_key AS service_key, 'pb_buys' AS field, 'pb_buys individual_job_support; provides no individual_job_support' AS "values",
    'People buy individual job support here with Personal Budgets, but ' || COALESCE(org_name, 'the provider') || ' did not tick it among the support it provides. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_buys_individual_job_support = 1 AND provides_individual_job_support = 0
UNION ALL
SELECT response_key AS service_key, 'pb_buys' AS field, 'pb_buys self_employment; provides no self_employment' AS "values",
    'People buy self employment here with Personal Budgets, but ' || COALESCE(org_name, 'the provider') || ' did not tick it among the support it provides. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_buys_self_employment = 1 AND provides_self_employment = 0
UNION ALL
SELECT response_key AS service_key, 'pb_buys' AS field, 'pb_buys work_preparation; provides no work_preparation' AS "values",
    'People buy work preparation here with Personal Budgets, but ' || COALESCE(org_name, 'the provider') || ' did not tick it among the support it provides. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_buys_work_preparation = 1 AND provides_work_preparation = 0
UNION ALL
SELECT response_key AS service_key, 'pb_buys' AS field, 'pb_buys sheltered_workshop; provides no sheltered_workshop' AS "values",
    'People buy sheltered workshop here with Personal Budgets, but ' || COALESCE(org_name, 'the provider') || ' did not tick it among the support it provides. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_buys_sheltered_workshop = 1 AND provides_sheltered_workshop = 0
UNION ALL
SELECT response_key AS service_key, 'pb_buys' AS field, 'pb_buys social_firm; provides no social_firm' AS "values",
    'People buy social firm here with Personal Budgets, but ' || COALESCE(org_name, 'the provider') || ' did not tick it among the support it provides. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_buys_social_firm = 1 AND provides_social_firm = 0
