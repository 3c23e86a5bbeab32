-- rule: pb_branch_missing
-- severity: warning
-- about: a provider says Personal Budgets funded it (Q9 yes) but answered none of Q10-Q19
SELECT response_key AS service_key, 'pb_funding_18m' AS field, 'pb_funding_18m yes; Q10-Q19 blank' AS "values",
    COALESCE(org_name, 'This provider') || ' says Personal Budgets funded its support but gave nothing about how many people or how much. Can they give the counts and income?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND NOT pb_branch_answered
