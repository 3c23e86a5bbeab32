-- pb_use: the personal budget questions (pb_allowed, pb_used,
-- pb_spend_info): each answer, "not known" and not answered as a share of
-- all responses (n).
WITH totals AS (
    SELECT subset, question, COUNT(*) AS n FROM survey_answers
    WHERE question IN ('pb_allowed', 'pb_used', 'pb_spend_info')
    GROUP BY subset, question
),
counts AS (
    SELECT subset, question, answer, COUNT(*) AS k FROM survey_answers
    WHERE question IN ('pb_allowed', 'pb_used', 'pb_spend_info')
    GROUP BY subset, question, answer
),
grid AS (
    SELECT a.set AS question,
        CASE a.set WHEN 'pb_allowed' THEN 1 WHEN 'pb_used' THEN 2 ELSE 3 END AS q_ord,
        a.code AS answer, a.ord AS a_ord, u.code AS subset, u.ord AS u_ord
    FROM survey_codes a
    CROSS JOIN survey_codes u
    WHERE a.set IN ('pb_allowed', 'pb_used', 'pb_spend_info') AND u.set = 'subset'
)
SELECT
    g.question,
    g.answer,
    g.subset,
    COALESCE(t.n, 0) AS n,
    100.0 * COALESCE(c.k, 0) / NULLIF(t.n, 0) AS pct
FROM grid g
LEFT JOIN totals t ON t.subset = g.subset AND t.question = g.question
LEFT JOIN counts c ON c.subset = g.subset AND c.question = g.question AND c.answer = g.answer
ORDER BY g.q_ord, g.u_ord, g.a_ord
