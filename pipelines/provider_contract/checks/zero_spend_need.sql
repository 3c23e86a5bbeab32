-- rule: zero_spend_need
-- severity: warning
-- about: nothing is spent on SMI, LD or PD in an area whose expected share of need is at least an even share (50 % / number of areas or more)
WITH n_areas AS (SELECT COUNT(DISTINCT area) AS n, 1 AS one FROM area_figures WHERE area_type = 'area'),
s AS (SELECT spend_need.*, 1 AS one FROM spend_need)
SELECT
    CAST(NULL AS VARCHAR) AS service_key,
    s.area,
    s.period,
    'spend_' || s.client_group AS field,
    s.client_group || ': spend 0, expected share ' || CAST(ROUND(s.expected_share, 1) AS VARCHAR) || '%' AS "values",
    'Nothing is spent on ' || UPPER(s.client_group) || ' employment support in ' || s.area || ' in ' || s.period
        || ', though it holds ' || CAST(ROUND(s.expected_share, 1) AS VARCHAR)
        || '% of the need. Is there provision we have no return for, or is this a gap?' AS message
FROM s JOIN n_areas n ON n.one = s.one
WHERE s.client_group IN ('smi', 'ld', 'pd') AND s.spend_high = 0 AND s.expected_share >= 50.0 / n.n
