-- rule: pb_users_exceed_people
-- severity: error
-- about: a provider's count of PB users (Q10) is above the number of people it supported (Q5): the count is left out of every table until it is corrected
SELECT response_key AS service_key, 'pb_users_last_fy' AS field,
    'pb_users_last_fy ' || CAST(CAST(ROUND(pb_users_last_fy_given) AS BIGINT) AS VARCHAR) || ' > people_supported ' || CAST(CAST(ROUND(people_supported) AS BIGINT) AS VARCHAR) AS "values",
    'More people used a Personal Budget here last year (' || CAST(CAST(ROUND(pb_users_last_fy_given) AS BIGINT) AS VARCHAR) || ') than the provider supported in all (' || CAST(CAST(ROUND(people_supported) AS BIGINT) AS VARCHAR) || '). Which figure is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_users_last_fy_given > people_supported
UNION ALL
SELECT response_key AS service_key, 'pb_users_ytd' AS field,
    'pb_users_ytd ' || CAST(CAST(ROUND(pb_users_ytd_given) AS BIGINT) AS VARCHAR) || ' > people_supported ' || CAST(CAST(ROUND(people_supported) AS BIGINT) AS VARCHAR) AS "values",
    'More people used a Personal Budget here this year so far (' || CAST(CAST(ROUND(pb_users_ytd_given) AS BIGINT) AS VARCHAR) || ') than the provider supported in a year (' || CAST(CAST(ROUND(people_supported) AS BIGINT) AS VARCHAR) || '). Which figure is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_users_ytd_given > people_supported
