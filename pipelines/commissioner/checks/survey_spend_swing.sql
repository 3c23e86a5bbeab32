-- rule: survey_spend_swing
-- severity: warning
-- about: a budget stream's spend changed by more than the configured share (default 50 %) from one survey year to the next; a cut to 0 is counted in budget_change, not flagged
WITH pairs AS (
    SELECT a.response_key, a.stream, a.year AS y1, b.year AS y2, a.spend AS before, b.spend AS after, 1 AS one
    FROM survey_spend a
    JOIN survey_spend b ON b.response_key = a.response_key AND b.subset = a.subset AND b.stream = a.stream
    WHERE a.subset = 'whole' AND a.spend > 0 AND b.spend > 0
        AND ((a.year = '2010_11' AND b.year = '2011_12') OR (a.year = '2011_12' AND b.year = '2012_13'))
)
SELECT
    p.response_key AS service_key,
    'spend_' || p.stream || '_' || p.y2 AS field,
    'spend_' || p.stream || ' ' || CAST(CAST(ROUND(p.before) AS BIGINT) AS VARCHAR) || ' -> '
        || CAST(CAST(ROUND(p.after) AS BIGINT) AS VARCHAR) AS "values",
    'The ' || REPLACE(p.stream, '_', ' ') || ' spend goes from £' || CAST(CAST(ROUND(p.before) AS BIGINT) AS VARCHAR)
        || ' in ' || REPLACE(p.y1, '_', '-') || ' to £' || CAST(CAST(ROUND(p.after) AS BIGINT) AS VARCHAR)
        || ' in ' || REPLACE(p.y2, '_', '-') || '. Is that a real change (new investment, a cut), or a different scope?' AS message
FROM pairs p JOIN check_settings c ON c.one = p.one
WHERE ABS(p.after - p.before) / p.before > c.year_on_year_swing
