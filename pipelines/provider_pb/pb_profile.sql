-- pb_profile: who the usable responses are and what they said, per group
-- (all usable; pb_yes: Q9 yes) x field x category (returns/provider_pb.md
-- §6). n: responses giving the category (multi-select: ticking it);
-- n_answered: not missing; n_valid: giving a code. Percentages of each,
-- null for a zero denominator; pct_answered null for `missing`,
-- pct_valid for codes only.
WITH usable AS (
    SELECT response_key, COALESCE(period, '') AS p, pb_funding_18m FROM pb_rows WHERE status = 'usable'
),
groups AS (
    SELECT p, 'all' AS grp, COUNT(*) AS n_group FROM usable GROUP BY p
    UNION ALL
    SELECT p, 'pb_yes' AS grp, COUNT(*) AS n_group FROM usable WHERE pb_funding_18m = 'yes' GROUP BY p
),
per_response AS (
    SELECT COALESCE(period, '') AS p, grp, field, response_key,
        MAX(CASE WHEN category <> 'missing' THEN 1 ELSE 0 END) AS answered,
        MAX(CASE WHEN category NOT IN ('missing', 'not_known') THEN 1 ELSE 0 END) AS valid
    FROM pb_answers
    GROUP BY COALESCE(period, ''), grp, field, response_key
),
answered AS (
    SELECT p, grp, field, SUM(answered) AS n_answered, SUM(valid) AS n_valid
    FROM per_response GROUP BY p, grp, field
),
counts AS (
    SELECT COALESCE(period, '') AS p, grp, field, category, COUNT(*) AS n
    FROM pb_answers GROUP BY COALESCE(period, ''), grp, field, category
)
SELECT
    NULLIF(g.p, '') AS period,
    c.grp AS "group",
    c.field,
    c.category,
    COALESCE(k.n, 0) AS n,
    g.n_group,
    COALESCE(a.n_answered, 0) AS n_answered,
    COALESCE(a.n_valid, 0) AS n_valid,
    100.0 * COALESCE(k.n, 0) / NULLIF(g.n_group, 0) AS pct_group,
    CASE WHEN c.category = 'missing' THEN NULL
        ELSE 100.0 * COALESCE(k.n, 0) / NULLIF(COALESCE(a.n_answered, 0), 0) END AS pct_answered,
    CASE WHEN c.is_code THEN 100.0 * COALESCE(k.n, 0) / NULLIF(COALESCE(a.n_valid, 0), 0) END AS pct_valid
FROM groups g
JOIN pb_codes c ON c.grp = g.grp
LEFT JOIN answered a ON a.p = g.p AND a.grp = c.grp AND a.field = c.field
LEFT JOIN counts k ON k.p = g.p AND k.grp = c.grp AND k.field = c.field AND k.category = c.category
ORDER BY period, c.grp, c.ord
