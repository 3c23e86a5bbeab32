-- rule: pb_users_exceed_people
-- severity: error
-- about: a provider's count of PB users (Q10) is above the number of people it supported (Q5): the count is left out of every table until it is corrected
SELECT response_key AS service_key, 'pb_users_last_fy' AS field,
    'pb_users_last_fy ' || CAST(pb_users_last_fy_given AS VARCHAR) || ' > people_supported ' || CAST(people_supported AS VARCHAR) AS "values",
    'More people used a Personal Budget here last year (' || CAST(pb_users_last_fy_given AS VARCHAR) || ') than the provider supported in all (' || CAST(people_supported AS VARCHAR) || '). Which figure is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_users_last_fy_given > people_supported
UNION ALL
SELECT response_key AS service_key, 'pb_users_ytd' AS field,
    'pb_users_ytd ' || CAST(pb_users_ytd_given AS VARCHAR) || ' > people_supported ' || CAST(people_supported AS VARCHAR) AS "values",
    'More people used a Personal Budget here this year so far (' || CAST(pb_users_ytd_given AS VARCHAR) || ') than the provider supported in a year (' || CAST(people_supported AS VARCHAR) || '). Which figure is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_users_ytd_given > people_supported
