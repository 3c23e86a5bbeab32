-- rule: split_not_summing
-- severity: warning
-- about: a split (client group, support level, outcome type, outcomes by group or level) does not add up to its total; "not known" cells are allowed to make up a shortfall but not an excess
WITH sums AS (
    SELECT
        return_row,
        split_no,
        MAX(parent_value) AS total,
        SUM(CASE WHEN state = 'number' THEN value ELSE 0 END) AS known_sum,
        SUM(CASE WHEN state = 'number' THEN 1 ELSE 0 END) AS n_numbers,
        SUM(CASE WHEN state = 'not_known' THEN 1 ELSE 0 END) AS n_not_known,
        1 AS one
    FROM split_cells
    GROUP BY return_row, split_no
),
splits AS (SELECT DISTINCT split_no, split, parent FROM split_fields),
t AS (
    SELECT s.*, n.split, n.parent,
        GREATEST(c.split_tolerance, c.split_tolerance_pct / 100.0 * s.total) AS tolerance
    FROM sums s
    JOIN check_settings c ON c.one = s.one
    JOIN splits n ON n.split_no = s.split_no
)
SELECT
    k.service_key,
    REPLACE(split, ' ', '_') AS field,
    split || ' adds up to ' || CAST(CAST(known_sum AS BIGINT) AS VARCHAR) || ', ' || parent || ' is '
        || CAST(CAST(total AS BIGINT) AS VARCHAR)
        || CASE WHEN n_not_known > 0 THEN ' (' || CAST(n_not_known AS VARCHAR) || ' not known)' ELSE '' END AS "values",
    'The breakdown of ' || split || ' adds up to ' || CAST(CAST(known_sum AS BIGINT) AS VARCHAR)
        || ' but the total (' || parent || ') is ' || CAST(CAST(total AS BIGINT) AS VARCHAR)
        || '. Is a category missing, or is the total wrong?' AS message
FROM t JOIN split_returns k ON k.return_row = t.return_row
WHERE n_numbers > 0
    AND total IS NOT NULL
    AND (
        (n_not_known = 0 AND ABS(known_sum - total) > tolerance)
        OR (n_not_known > 0 AND known_sum > total + tolerance)
    )
