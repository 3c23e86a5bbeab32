-- rule: pb_used_contradicts_commissioner
-- severity: warning
-- about: providers report Personal Budget users in an authority whose commissioners said Personal Budgets may not be, or are not, used for employment support
SELECT
    authority AS area,
    period,
    CASE WHEN commissioner_pb_allowed = 'no' THEN 'pb_allowed' ELSE 'pb_used' END AS field,
    'PB users ' || CAST(CAST(ROUND(COALESCE(pb_users_last_fy, pb_users_ytd)) AS BIGINT) AS VARCHAR) || '; commissioner '
        || CASE WHEN commissioner_pb_allowed = 'no' THEN 'pb_allowed no' ELSE 'pb_used know_no' END AS "values",
    'Providers count ' || CAST(CAST(ROUND(COALESCE(pb_users_last_fy, pb_users_ytd)) AS BIGINT) AS VARCHAR) || ' people using a Personal Budget for employment support in ' || authority
        || ', where the commissioner said ' || CASE WHEN commissioner_pb_allowed = 'no' THEN 'they may not be' ELSE 'they are not' END || '. Who is right?' AS message,
    CAST(NULL AS VARCHAR) AS service_key
FROM pb_by_authority
WHERE (pb_users_last_fy > 0 OR pb_users_ytd > 0)
    AND (commissioner_pb_allowed = 'no' OR commissioner_pb_used = 'know_no')
