-- rule: users_without_income
-- severity: warning
-- about: a provider counts Personal Budget users last year (Q10 > 0) but says it received no income through them (Q16 = 0)
SELECT response_key AS service_key, 'pb_income_last_fy' AS field,
    'pb_users_last_fy ' || CAST(CAST(ROUND(pb_users_last_fy_given) AS BIGINT) AS VARCHAR) || '; pb_income_last_fy 0' AS "values",
    COALESCE(org_name, 'This provider') || ' counts Personal Budget users last year but no income from them. What did it receive?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_users_last_fy_given > 0 AND pb_income_last_fy = 0
