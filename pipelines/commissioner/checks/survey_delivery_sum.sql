-- rule: survey_delivery_sum
-- severity: warning
-- about: the percentages of Table 3 (spend by delivery organisation) do not add up to about 100 (more than 2 points off)
WITH t AS (
    SELECT response_key, SUM(pct) AS total
    FROM survey_delivery WHERE subset = 'whole' AND answered
    GROUP BY response_key
)
SELECT
    response_key AS service_key,
    'delivery' AS field,
    'delivery percentages sum to ' || CAST(ROUND(total, 1) AS VARCHAR) AS "values",
    'The shares of spend by delivery organisation (Table 3) add up to ' || CAST(ROUND(total, 1) AS VARCHAR)
        || '%, not 100%. Can you check them?' AS message
FROM t
WHERE ABS(total - 100.0) > 2.0
