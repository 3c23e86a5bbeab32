-- service_groups (internal): every service once for each group it belongs
-- to - 'all', its primary group (ld / mh / mixed), 'evidence_based' - and
-- for each summary period: its own period, and 'all' (every period pooled
-- as one set of services). Adds the support-level proportions
-- p = band / (sum of the three bands). Feeds summary, per100 and
-- correlations. Every service is here eight times over, so the columns
-- of services that no group figure reads (names, codes, the file) are
-- left out: at 20,000 returns they were most of its memory.
WITH base AS (
    SELECT
        s.* EXCLUDE (commissioner, commissioner_as_sent, authority_code, region,
                     service_name, source_file, open_anomalies),
        r.site,
        -- s.excluded: an open error leaves the service out of every figure
        s.people_support_lt7 / NULLIF(s.people_support_lt7 + s.people_support_7_40 + s.people_support_gt40, 0) AS p_support_lt7,
        s.people_support_7_40 / NULLIF(s.people_support_lt7 + s.people_support_7_40 + s.people_support_gt40, 0) AS p_support_7_40,
        s.people_support_gt40 / NULLIF(s.people_support_lt7 + s.people_support_7_40 + s.people_support_gt40, 0) AS p_support_gt40
    FROM services s
    JOIN returns r ON r.service_key = s.service_key
),
grouped AS (
    SELECT 'all' AS grp, * FROM base
    UNION ALL
    SELECT primary_group AS grp, * FROM base WHERE primary_group IS NOT NULL
    UNION ALL
    SELECT 'evidence_based' AS grp, * FROM base WHERE evidence_based
)
SELECT period AS summary_period, * FROM grouped WHERE period IS NOT NULL
UNION ALL
SELECT 'all' AS summary_period, * FROM grouped
