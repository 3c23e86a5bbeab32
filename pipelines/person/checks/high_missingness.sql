-- rule: high_missingness
-- severity: warning
-- about: a key field (gender, age, ethnicity, level of learning disability) is blank or not known in more than 20 % of a site's baseline records (both cohorts together)
WITH s AS (
    SELECT site, field, COUNT(*) AS n,
        SUM(CASE WHEN state <> 'valid' THEN 1 ELSE 0 END) AS k
    FROM person_states
    WHERE cohort = 'all' AND site <> 'all' AND field IN ('gender', 'age_band', 'ethnicity', 'ld_level')
    GROUP BY site, field
)
SELECT
    CAST(NULL AS VARCHAR) AS service_key,
    site AS area,
    'baseline' AS period,
    CASE WHEN field = 'age_band' THEN 'age' ELSE field END AS field,
    CAST(k AS VARCHAR) || ' of ' || CAST(n AS VARCHAR) || ' (' || CAST(ROUND(100.0 * k / n, 0) AS VARCHAR) || ' %)' AS "values",
    CASE WHEN field = 'age_band' THEN 'age' ELSE REPLACE(field, '_', ' ') END || ' is blank or not known for '
        || CAST(k AS VARCHAR) || ' of the ' || CAST(n AS VARCHAR) || ' baseline records from ' || site
        || '. Can the site fill it in from its case records?' AS message
FROM s
WHERE 100.0 * k / n > 20.0
