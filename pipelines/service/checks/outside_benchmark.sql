-- rule: outside_benchmark
-- severity: info
-- about: a service's cost per person, outcome rate or cost per job outcome is outside a benchmark band (config/reference/benchmarks.toml)
SELECT
    subject AS service_key,
    metric || ':' || band AS field,
    metric || ' ' || CAST(ROUND(value, 3) AS VARCHAR) || ' ' || position || ' ' || band AS "values",
    'The ' || REPLACE(metric, '_', ' ') || ' is ' || position || ' the band: ' || label || '.' AS message
FROM benchmarks
WHERE level = 'service' AND position IN ('below', 'above')
