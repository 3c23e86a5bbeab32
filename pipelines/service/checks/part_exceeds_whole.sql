-- rule: part_exceeds_whole
-- severity: error
-- about: a part is larger than its whole (more job outcomes than people, a category larger than its total, more outcomes in a group than people in it)
WITH pairs AS (
    SELECT service_key, 'outcomes_total' AS field, outcomes_total AS part, 'people_total' AS whole_field, people_total AS whole FROM returns
    UNION ALL SELECT k.service_key, f.field, c.part, f.parent AS whole_field, c.whole
        FROM (SELECT return_row, cell_no, value AS part, parent_value AS whole FROM split_cells
              WHERE state = 'number' AND value > parent_value) c
        JOIN split_fields f ON f.cell_no = c.cell_no
        JOIN split_returns k ON k.return_row = c.return_row
    UNION ALL SELECT service_key, 'outcomes_ld' AS field, outcomes_ld AS part, 'people_ld' AS whole_field, people_ld AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_physical_sensory' AS field, outcomes_physical_sensory AS part, 'people_physical_sensory' AS whole_field, people_physical_sensory AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_mh' AS field, outcomes_mh AS part, 'people_mh' AS whole_field, people_mh AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_autism' AS field, outcomes_autism AS part, 'people_autism' AS whole_field, people_autism AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_homeless' AS field, outcomes_homeless AS part, 'people_homeless' AS whole_field, people_homeless AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_drug_alcohol' AS field, outcomes_drug_alcohol AS part, 'people_drug_alcohol' AS whole_field, people_drug_alcohol AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_other' AS field, outcomes_other AS part, 'people_other' AS whole_field, people_other AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_support_lt7' AS field, outcomes_support_lt7 AS part, 'people_support_lt7' AS whole_field, people_support_lt7 AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_support_7_40' AS field, outcomes_support_7_40 AS part, 'people_support_7_40' AS whole_field, people_support_7_40 AS whole FROM returns
    UNION ALL SELECT service_key, 'outcomes_support_gt40' AS field, outcomes_support_gt40 AS part, 'people_support_gt40' AS whole_field, people_support_gt40 AS whole FROM returns
)
SELECT
    service_key,
    field,
    field || ' ' || CAST(CAST(part AS BIGINT) AS VARCHAR) || ' > ' || whole_field || ' ' || CAST(CAST(whole AS BIGINT) AS VARCHAR) AS "values",
    'The return gives ' || CAST(CAST(part AS BIGINT) AS VARCHAR) || ' for ' || field || ' but only '
        || CAST(CAST(whole AS BIGINT) AS VARCHAR) || ' for ' || whole_field
        || ', which should be at least as large. Which figure is right?' AS message
FROM pairs
WHERE part IS NOT NULL AND whole IS NOT NULL AND part > whole
