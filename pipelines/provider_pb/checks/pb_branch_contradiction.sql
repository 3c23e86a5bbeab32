-- rule: pb_branch_contradiction
-- severity: warning
-- about: a provider says Personal Budgets did not fund it (Q9 not yes) but gives PB users or PB income above 0
SELECT response_key AS service_key, 'pb_funding_18m' AS field,
    'pb_funding_18m ' || pb_funding_18m AS "values",
    COALESCE(org_name, 'This provider') || ' answered ' || pb_funding_18m || ' to Personal Budget funding but gives PB users or PB income. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m <> 'yes'
    AND (pb_users_last_fy_given > 0 OR pb_users_ytd_given > 0 OR pb_income_last_fy > 0)
