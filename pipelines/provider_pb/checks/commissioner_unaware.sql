-- rule: commissioner_unaware
-- severity: info
-- about: providers report Personal Budget users in an authority whose commissioners said they do not know whether Personal Budgets buy employment support
SELECT
    authority AS area,
    period,
    'pb_used' AS field,
    'PB users ' || CAST(CAST(ROUND(COALESCE(pb_users_last_fy, pb_users_ytd)) AS BIGINT) AS VARCHAR) || '; commissioner pb_used dont_know' AS "values",
    'Providers count ' || CAST(CAST(ROUND(COALESCE(pb_users_last_fy, pb_users_ytd)) AS BIGINT) AS VARCHAR) || ' people using a Personal Budget for employment support in ' || authority
        || '; its commissioner said they did not know. Worth telling them.' AS message,
    CAST(NULL AS VARCHAR) AS service_key
FROM pb_by_authority
WHERE (pb_users_last_fy > 0 OR pb_users_ytd > 0)
    AND commissioner_pb_used = 'dont_know'
    AND COALESCE(commissioner_pb_allowed, '') <> 'no'
