-- rule: survey_core_missing
-- severity: warning
-- about: a counted survey response does not name its authority, or gives no figure in Table 1 (spend by budget stream)
WITH spend AS (
    SELECT response_key, MAX(CASE WHEN spend IS NOT NULL THEN 1 ELSE 0 END) AS any_spend
    FROM survey_spend WHERE subset = 'whole' GROUP BY response_key
)
SELECT
    r.response_key AS service_key,
    CASE WHEN r.authority IS NULL THEN 'authority' ELSE 'spend' END AS field,
    CASE WHEN r.authority IS NULL THEN 'authority blank' ELSE 'no Table 1 figure' END AS "values",
    CASE WHEN r.authority IS NULL
        THEN 'The response does not say which authority it is from. Who sent it?'
        ELSE 'The response gives no figure in Table 1 (spend by budget stream), so it says nothing about spend. Can they give even a rough figure, or "0"?'
    END AS message
FROM responses r
LEFT JOIN spend s ON s.response_key = r.response_key
WHERE r.status = 'used' AND (r.authority IS NULL OR COALESCE(s.any_spend, 0) = 0)
