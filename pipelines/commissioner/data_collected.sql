-- data_collected: the study's Table 3 — the share of responses saying they
-- collect each kind of data, of those answering that item yes or no (n).
WITH items AS (
    SELECT code AS item, ord AS item_ord FROM survey_codes WHERE set = 'data_item'
),
counts AS (
    SELECT subset, question AS item,
        SUM(CASE WHEN answer IN ('yes', 'no') THEN 1 ELSE 0 END) AS n,
        SUM(CASE WHEN answer = 'yes' THEN 1 ELSE 0 END) AS n_yes
    FROM survey_answers
    WHERE question LIKE 'collects_%'
    GROUP BY subset, question
)
SELECT
    i.item,
    u.code AS subset,
    COALESCE(c.n, 0) AS n,
    100.0 * c.n_yes / NULLIF(c.n, 0) AS pct_yes
FROM items i
CROSS JOIN survey_codes u
LEFT JOIN counts c ON c.item = i.item AND c.subset = u.code
WHERE u.set = 'subset'
ORDER BY i.item_ord, u.ord
