-- rule: provider_listed_twice
-- severity: warning
-- about: one provider, area, client group and year appear under two or more funders: taken as one caseload reported to each (contract values add up; clients and outcomes counted once)
SELECT
    c.contract_key AS service_key,
    'funder' AS field,
    c.client_group || ' / ' || c.funder || ': also under ' || CAST(m.funders - 1 AS VARCHAR) || ' other funder(s)' AS "values",
    c.provider || ' appears under ' || CAST(m.funders AS VARCHAR) || ' funders for the same area, client group and year.'
        || ' The figures are taken as one caseload (clients and outcomes counted once, contract values added).'
        || ' Are these really the same clients?' AS message
FROM contracts c
JOIN contract_rows m
    ON m.period = c.period AND m.area = c.area AND m.provider = c.provider AND m.client_group = c.client_group
WHERE c.usable AND m.funders >= 2 AND c.contract_key <> m.contract_key
