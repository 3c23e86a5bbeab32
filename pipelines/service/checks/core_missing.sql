-- rule: core_missing
-- severity: error
-- about: a core figure (commissioner, service name, total cost, people supported, job outcomes) is blank, "not known" or unreadable
SELECT
    service_key,
    field,
    field || ' ' || state AS "values",
    CASE field
        WHEN 'commissioner' THEN 'The return does not say who commissions the service'
        WHEN 'service_name' THEN 'The return does not give the name of the service'
        WHEN 'total_cost' THEN 'The total cost of the service for the year is'
        WHEN 'people_total' THEN 'The number of people supported in the year is'
        ELSE 'The number of people supported into a job in the year is'
    END
    || CASE state WHEN 'missing' THEN ' blank' WHEN 'not_known' THEN ' given as not known' ELSE ' unreadable' END
    || ' on the return. Can you give us the figure, even an estimate?' AS message
FROM value_states
WHERE field IN ('commissioner', 'service_name', 'total_cost', 'people_total', 'outcomes_total')
