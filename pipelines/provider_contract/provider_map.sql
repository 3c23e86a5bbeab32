-- provider_map: the pathway's coverage and gaps. Per area x client group
-- (smi, cmh, ld, pd) x stage x year: providers offering the stage in the
-- area (a combined CMH-or-SMI or LD-or-PD row covers both its groups),
-- providers offering it only through rows not split by area (shown, not
-- counted), providers whose outcome at that stage is above 0 (null for
-- pre-employment support, which has no outcome), and gap = yes when no
-- provider offers the stage in the area.
WITH areas AS (SELECT DISTINCT area FROM area_figures WHERE area_type = 'area'),
periods AS (SELECT DISTINCT period FROM contract_rows),
groups AS (SELECT DISTINCT group_name, group_ord FROM group_covers),
grid AS (
    SELECT p.period, a.area, g.group_name AS client_group, g.group_ord, s.stage, s.stage_ord, s.outcome_key
    FROM periods p CROSS JOIN areas a CROSS JOIN groups g CROSS JOIN stage_list s
),
cov AS (
    SELECT s.period, s.area, c.group_name, s.stage, s.provider, s.offered, s.outcome
    FROM contract_stages s JOIN group_covers c ON c.member = s.client_group
),
offering AS (
    SELECT period, area, group_name, stage, COUNT(DISTINCT provider) AS n
    FROM cov WHERE offered AND area <> 'all' GROUP BY period, area, group_name, stage
),
unsplit AS (
    SELECT period, group_name, stage, COUNT(DISTINCT provider) AS n
    FROM cov WHERE offered AND area = 'all' GROUP BY period, group_name, stage
),
with_outcomes AS (
    SELECT period, area, group_name, stage, COUNT(DISTINCT provider) AS n
    FROM cov WHERE outcome > 0 AND area <> 'all' GROUP BY period, area, group_name, stage
)
SELECT
    g.period,
    g.area,
    g.client_group,
    g.stage,
    CAST(COALESCE(o.n, 0) AS BIGINT) AS providers_offering,
    CAST(COALESCE(u.n, 0) AS BIGINT) AS providers_unsplit,
    CASE WHEN g.outcome_key IS NULL THEN NULL ELSE CAST(COALESCE(w.n, 0) AS BIGINT) END AS providers_with_outcomes,
    CASE WHEN COALESCE(o.n, 0) = 0 THEN 'yes' ELSE 'no' END AS gap
FROM grid g
LEFT JOIN offering o ON o.period = g.period AND o.area = g.area AND o.group_name = g.client_group AND o.stage = g.stage
LEFT JOIN unsplit u ON u.period = g.period AND u.group_name = g.client_group AND u.stage = g.stage
LEFT JOIN with_outcomes w ON w.period = g.period AND w.area = g.area AND w.group_name = g.client_group AND w.stage = g.stage
ORDER BY g.period, g.area, g.group_ord, g.stage_ord
