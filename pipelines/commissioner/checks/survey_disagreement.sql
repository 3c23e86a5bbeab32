-- rule: survey_disagreement
-- severity: warning
-- about: two responses from one authority give different spend for the same budget stream and year; the authority-level views use the most complete response's figure
WITH chosen AS (
    SELECT authority_key, stream, year, spend AS used, response_key AS used_key
    FROM survey_spend WHERE subset = 'whole' AND chosen
)
SELECT
    s.response_key AS service_key,
    'spend_' || s.stream || '_' || s.year AS field,
    'spend_' || s.stream || '_' || s.year || ' ' || CAST(CAST(ROUND(s.spend) AS BIGINT) AS VARCHAR)
        || ' vs ' || CAST(CAST(ROUND(c.used) AS BIGINT) AS VARCHAR) || ' in ' || c.used_key AS "values",
    'This response gives £' || CAST(CAST(ROUND(s.spend) AS BIGINT) AS VARCHAR) || ' for ' || REPLACE(s.stream, '_', ' ')
        || ' spend in ' || REPLACE(s.year, '_', '-') || ', but another response from the same authority ('
        || c.used_key || ') gives £' || CAST(CAST(ROUND(c.used) AS BIGINT) AS VARCHAR)
        || ', which is the one used. Which figure is right?' AS message
FROM survey_spend s
JOIN chosen c ON c.authority_key = s.authority_key AND c.stream = s.stream AND c.year = s.year
WHERE s.subset = 'whole' AND NOT s.chosen AND s.spend IS NOT NULL AND s.spend <> c.used
