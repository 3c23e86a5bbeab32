-- five_year: "How would you say the overall annual spend in 2011-12
-- compares with 5 years ago?" as shares of all responses (n), as the study
-- reports it; "not known" and unanswered are shown apart.
WITH counts AS (
    SELECT subset, COUNT(*) AS n,
        SUM(CASE WHEN answer = 'more' THEN 1 ELSE 0 END) AS n_more,
        SUM(CASE WHEN answer = 'same' THEN 1 ELSE 0 END) AS n_same,
        SUM(CASE WHEN answer = 'less' THEN 1 ELSE 0 END) AS n_less,
        SUM(CASE WHEN answer = 'not_known' THEN 1 ELSE 0 END) AS n_not_known,
        SUM(CASE WHEN answer = 'not_answered' THEN 1 ELSE 0 END) AS n_not_answered
    FROM survey_answers
    WHERE question = 'five_year'
    GROUP BY subset
)
SELECT
    u.code AS subset,
    COALESCE(c.n, 0) AS n,
    100.0 * c.n_more / NULLIF(c.n, 0) AS pct_more,
    100.0 * c.n_same / NULLIF(c.n, 0) AS pct_same,
    100.0 * c.n_less / NULLIF(c.n, 0) AS pct_less,
    100.0 * c.n_not_known / NULLIF(c.n, 0) AS pct_not_known,
    100.0 * c.n_not_answered / NULLIF(c.n, 0) AS pct_not_answered
FROM survey_codes u
LEFT JOIN counts c ON c.subset = u.code
WHERE u.set = 'subset'
ORDER BY u.ord
