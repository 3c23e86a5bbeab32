-- spend_need: per area x client group (six, `mh`, `ld_pd`) x year, what is
-- spent (contract values of the area's rows; rows not split by area left
-- out) against the population and its share of need. A combined contract
-- is never apportioned: smi's low bound is its own spend, its high bound
-- adds every CMH-or-SMI contract (cmh likewise; ld and pd with LD-or-PD).
-- Spend per head divides by the mean of the area's `per_head` figures for
-- the group. expected_share is the mean over the group's `need` measures
-- (those with a value for every area) of the area's share; actual_share
-- and gap compare the high bound with it. gap < 0: less than its share.
-- The denominator's label, source and period come with it.
WITH areas AS (SELECT DISTINCT area FROM area_figures WHERE area_type = 'area'),
n_areas AS (SELECT COUNT(*) AS n, 1 AS one FROM areas),
periods AS (SELECT DISTINCT period FROM contract_rows),
groups AS (SELECT DISTINCT group_name, group_ord FROM group_members WHERE group_name <> 'total'),
grid AS (
    SELECT p.period, a.area, g.group_name AS client_group, g.group_ord
    FROM periods p CROSS JOIN areas a CROSS JOIN groups g
),
base AS (
    SELECT period, area, client_group, SUM(contract_value) AS spend
    FROM contract_rows WHERE area <> 'all' AND contract_value IS NOT NULL
    GROUP BY period, area, client_group
),
member_spend AS (
    SELECT gr.period, gr.area, gr.client_group, gr.group_ord, COALESCE(b.spend, 0.0) AS spend
    FROM grid gr
    JOIN group_members m ON m.group_name = gr.client_group
    LEFT JOIN base b ON b.period = gr.period AND b.area = gr.area AND b.client_group = m.member
),
spend AS (
    SELECT period, area, client_group, MIN(group_ord) AS group_ord, SUM(spend) AS spend
    FROM member_spend GROUP BY period, area, client_group
),
combined_mh AS (SELECT period, area, spend AS extra FROM spend WHERE client_group = 'cmh_or_smi'),
combined_ld AS (SELECT period, area, spend AS extra FROM spend WHERE client_group = 'ld_or_pd'),
bounds AS (
    SELECT s.period, s.area, s.client_group, s.group_ord, s.spend, s.spend AS spend_low,
        s.spend + CASE
            WHEN s.client_group IN ('smi', 'cmh') THEN COALESCE(mh.extra, 0.0)
            WHEN s.client_group IN ('ld', 'pd') THEN COALESCE(ld.extra, 0.0)
            ELSE 0.0 END AS spend_high
    FROM spend s
    LEFT JOIN combined_mh mh ON mh.period = s.period AND mh.area = s.area
    LEFT JOIN combined_ld ld ON ld.period = s.period AND ld.area = s.area
),
den AS (
    SELECT area, client_group, AVG(value) AS denominator,
        MIN(label) AS denominator_label, MIN(source) AS denominator_source, MIN(period) AS denominator_period
    FROM area_figures WHERE role = 'per_head' AND area_type = 'area' AND value IS NOT NULL
    GROUP BY area, client_group
),
need AS (
    SELECT area, client_group, measure, value, 1 AS one
    FROM area_figures WHERE role = 'need' AND area_type = 'area' AND value IS NOT NULL
),
need_totals AS (
    SELECT client_group, measure, COUNT(DISTINCT area) AS k, SUM(value) AS total, 1 AS one
    FROM need GROUP BY client_group, measure
),
complete AS (
    SELECT t.client_group, t.measure, t.total
    FROM need_totals t JOIN n_areas n ON n.one = t.one
    WHERE t.k = n.n AND t.total > 0
),
expected_shares AS (
    SELECT n.area, n.client_group, 100.0 * AVG(n.value / c.total) AS expected_share
    FROM need n JOIN complete c ON c.client_group = n.client_group AND c.measure = n.measure
    GROUP BY n.area, n.client_group
),
totals AS (
    SELECT period, client_group, SUM(spend_high) AS all_high FROM bounds GROUP BY period, client_group
)
SELECT
    b.period,
    b.area,
    b.client_group,
    b.spend,
    b.spend_low,
    b.spend_high,
    d.denominator,
    b.spend / NULLIF(d.denominator, 0) AS spend_per_head,
    b.spend_low / NULLIF(d.denominator, 0) AS spend_per_head_low,
    b.spend_high / NULLIF(d.denominator, 0) AS spend_per_head_high,
    e.expected_share,
    100.0 * b.spend_high / NULLIF(t.all_high, 0) AS actual_share,
    e.expected_share / 100.0 * t.all_high AS expected_spend,
    b.spend_high - e.expected_share / 100.0 * t.all_high AS gap,
    d.denominator_label,
    d.denominator_source,
    d.denominator_period
FROM bounds b
LEFT JOIN den d ON d.area = b.area AND d.client_group = b.client_group
LEFT JOIN expected_shares e ON e.area = b.area AND e.client_group = b.client_group
LEFT JOIN totals t ON t.period = b.period AND t.client_group = b.client_group
ORDER BY b.period, b.group_ord, b.area
