-- rule: pb_income_exceeds_spend
-- severity: warning
-- about: a provider's Personal Budget income (Q16) is above its total spend on employment support (Q8)
SELECT response_key AS service_key, 'pb_income_last_fy' AS field,
    'pb_income_last_fy ' || CAST(CAST(ROUND(pb_income_last_fy) AS BIGINT) AS VARCHAR) || ' > total_spend ' || CAST(CAST(ROUND(total_spend) AS BIGINT) AS VARCHAR) AS "values",
    COALESCE(org_name, 'This provider') || ' received more through Personal Budgets than it spent on employment support in all. Which figure is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_income_last_fy > total_spend
