-- rule: la_breakdown_mismatch
-- severity: warning
-- about: a provider's counts by authority (Q11) do not add up to its count of PB users (Q10) for the same window
SELECT response_key AS service_key, 'pb_users_by_la_last_fy' AS field,
    'by authority ' || CAST(CAST(ROUND(q11_last_fy_sum) AS BIGINT) AS VARCHAR) || ' vs pb_users_last_fy ' || CAST(CAST(ROUND(pb_users_last_fy_given) AS BIGINT) AS VARCHAR) AS "values",
    'The counts by authority add up to ' || CAST(CAST(ROUND(q11_last_fy_sum) AS BIGINT) AS VARCHAR) || ' PB users last year, but the total given is ' || CAST(CAST(ROUND(pb_users_last_fy_given) AS BIGINT) AS VARCHAR) || '. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND q11_last_fy_sum IS NOT NULL AND pb_users_last_fy_given IS NOT NULL
    AND q11_last_fy_sum <> pb_users_last_fy_given
UNION ALL
SELECT response_key AS service_key, 'pb_users_by_la_ytd' AS field,
    'by authority ' || CAST(CAST(ROUND(q11_ytd_sum) AS BIGINT) AS VARCHAR) || ' vs pb_users_ytd ' || CAST(CAST(ROUND(pb_users_ytd_given) AS BIGINT) AS VARCHAR) AS "values",
    'The counts by authority add up to ' || CAST(CAST(ROUND(q11_ytd_sum) AS BIGINT) AS VARCHAR) || ' PB users this year so far, but the total given is ' || CAST(CAST(ROUND(pb_users_ytd_given) AS BIGINT) AS VARCHAR) || '. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND q11_ytd_sum IS NOT NULL AND pb_users_ytd_given IS NOT NULL
    AND q11_ytd_sum <> pb_users_ytd_given
