-- rule: no_records
-- severity: warning
-- about: a site was expected to send records for a cohort at a collection point (reference/expected.csv) and has sent none
SELECT
    CAST(NULL AS VARCHAR) AS service_key,
    site AS area,
    collection AS period,
    cohort AS field,
    '0 of ' || CAST(CAST(expected AS BIGINT) AS VARCHAR) AS "values",
    site || CASE cohort
        WHEN 'service' THEN ' has sent no service returns for ' || collection
        WHEN 'commissioner' THEN ' has sent no commissioner survey response'
        ELSE ' has sent no ' || REPLACE(collection, '_', '-') || ' records for the ' || REPLACE(cohort, '_', ' ') || ' group'
    END || ' (' || CAST(CAST(expected AS BIGINT) AS VARCHAR) || ' expected). When can they send them?' AS message
FROM collection_status
WHERE status = 'none' AND site <> 'all' AND cohort <> 'all'
