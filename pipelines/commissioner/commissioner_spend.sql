-- commissioner_spend: one row per authority x budget stream x year: the
-- figure the authority-level views use (from its most complete response
-- giving one; RETURN_FORMAT.md §3), how many responses gave a figure, and
-- whether they disagree (min_spend <> max_spend).
WITH s AS (
    SELECT sp.authority_key, sp.stream, sp.year, sp.spend, sp.chosen, sp.response_key,
        r.site, r.authority_code, r.region, r.spend_accuracy
    FROM survey_spend sp
    JOIN responses r ON r.response_key = sp.response_key
    WHERE sp.subset = 'whole' AND sp.spend IS NOT NULL
),
agg AS (
    SELECT authority_key, stream, year, COUNT(*) AS responses,
        MIN(spend) AS min_spend, MAX(spend) AS max_spend
    FROM s GROUP BY authority_key, stream, year
)
SELECT
    c.authority_key,
    c.authority_code,
    c.site AS authority,
    c.region,
    c.stream,
    c.year,
    REPLACE(c.year, '_', '/') AS period,
    c.spend,
    c.spend_accuracy AS accuracy,
    c.response_key,
    a.responses,
    a.min_spend,
    a.max_spend,
    a.max_spend > a.min_spend AS disagree
FROM s c
JOIN agg a ON a.authority_key = c.authority_key AND a.stream = c.stream AND a.year = c.year
WHERE c.chosen
ORDER BY c.site, c.stream, c.year
