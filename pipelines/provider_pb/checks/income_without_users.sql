-- rule: income_without_users
-- severity: warning
-- about: a provider received Personal Budget income last year (Q16 > 0) but says no one used a Personal Budget with it (Q10 = 0)
SELECT response_key AS service_key, 'pb_users_last_fy' AS field,
    'pb_income_last_fy ' || CAST(CAST(ROUND(pb_income_last_fy) AS BIGINT) AS VARCHAR) || '; pb_users_last_fy 0' AS "values",
    COALESCE(org_name, 'This provider') || ' received Personal Budget income last year but counts no Personal Budget users. How many were there?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_income_last_fy > 0 AND pb_users_last_fy_given = 0
