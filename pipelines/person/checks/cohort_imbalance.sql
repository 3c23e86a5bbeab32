-- rule: cohort_imbalance
-- severity: info
-- about: the Jobs First and comparison cohorts differ at baseline by more than 20 points in a category of gender, age band, level of learning disability or living arrangement (both cohorts with 5 or more known answers), or nobody at all is in a category of level of learning disability
WITH p AS (
    SELECT * FROM cohort_profile
    WHERE site = 'all' AND field IN ('gender', 'age_band', 'ld_level', 'living_arrangement')
        AND category NOT IN ('missing', 'not_known')
),
pairs AS (
    SELECT j.field, j.category, j.pct_recorded AS jf, c.pct_recorded AS cg, j.n_recorded AS jn, c.n_recorded AS cn
    FROM p j JOIN p c ON c.field = j.field AND c.category = j.category
    WHERE j.cohort = 'jobs_first' AND c.cohort = 'comparison'
),
flagged AS (
    SELECT field, category,
        field || ' ' || category || ': ' || CAST(ROUND(jf, 0) AS VARCHAR) || ' % vs ' || CAST(ROUND(cg, 0) AS VARCHAR) || ' %' AS v,
        'At baseline ' || CAST(ROUND(jf, 0) AS VARCHAR) || ' % of the Jobs First cohort and ' || CAST(ROUND(cg, 0) AS VARCHAR)
            || ' % of the comparison group are ' || REPLACE(category, '_', ' ') || ' (' || REPLACE(field, '_', ' ')
            || '): the groups may not be well matched.' AS m
    FROM pairs WHERE jn >= 5 AND cn >= 5 AND ABS(jf - cg) > 20.0
    UNION ALL
    SELECT field, category,
        field || ' ' || category || ': nobody' AS v,
        'Nobody in either cohort is recorded as ' || REPLACE(category, '_', ' ') || ' (' || REPLACE(field, '_', ' ')
            || '). Is the scale being used in full?' AS m
    FROM p
    WHERE cohort = 'all' AND field = 'ld_level' AND n = 0 AND n_recorded > 0
)
SELECT
    CAST(NULL AS VARCHAR) AS service_key,
    'all sites' AS area,
    'baseline' AS period,
    field,
    v AS "values",
    m AS message
FROM flagged
