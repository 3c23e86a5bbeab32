-- rule: below_target
-- severity: info
-- about: a site has sent some records for a cohort at a collection point, but fewer than expected
SELECT
    CAST(NULL AS VARCHAR) AS service_key,
    site AS area,
    collection AS period,
    cohort AS field,
    CAST(received AS VARCHAR) || ' of ' || CAST(CAST(expected AS BIGINT) AS VARCHAR) AS "values",
    site || ' has sent ' || CAST(received AS VARCHAR) || ' of the ' || CAST(CAST(expected AS BIGINT) AS VARCHAR)
        || CASE cohort
            WHEN 'service' THEN ' service returns expected for ' || collection || '.'
            WHEN 'commissioner' THEN ' commissioner survey responses expected.'
            ELSE ' ' || REPLACE(collection, '_', '-') || ' records expected for the ' || REPLACE(cohort, '_', ' ') || ' group.'
        END AS message
FROM collection_status
WHERE status = 'below_target' AND site <> 'all' AND cohort <> 'all'
