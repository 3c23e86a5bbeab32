-- rule: unknown_authority
-- severity: warning
-- about: a survey response names an area (Q4 or Q11) that is neither an English authority nor a Scottish, Welsh or Northern Irish council area; the nearest names are suggested
SELECT l.response_key AS service_key,
    CASE WHEN l.source = 'q4' THEN 'las_served' ELSE 'pb_users_by_la_last_fy' END AS field,
    'authority "' || l.written || '"' AS "values",
    'The area "' || l.written || '" is not one we know'
        || CASE WHEN l.suggestion IS NOT NULL THEN '. ' || l.suggestion ELSE '. Which council is it?' END
        || CASE WHEN r.contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_las l
JOIN pb_rows r ON r.response_key = l.response_key
WHERE l.authority_code IS NULL
