-- rule: contract_row_error
-- severity: error
-- about: a provider contract row lacks its provider, area, client group, funder or year, or names an area, client group or funder that matches nothing: it is left out of every table until fixed
SELECT
    contract_key AS service_key,
    'row' AS field,
    COALESCE(client_group, '?') || ' / ' || COALESCE(funder, '?') || ': ' || problem AS "values",
    'This contract row cannot be used: ' || problem
        || '. Which provider, area (or "all"), client group, funder and year is it?' AS message
FROM contracts
WHERE problem IS NOT NULL
