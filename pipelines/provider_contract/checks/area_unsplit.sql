-- rule: area_unsplit
-- severity: info
-- about: a contract row not split by area: kept in the totals, left out of every area view
SELECT
    contract_key AS service_key,
    'area' AS field,
    client_group || ' / ' || funder || ': area all' AS "values",
    provider || ' does not split this contract by area, so its figures count in the totals but in no area''s view.'
        || ' Can the provider give the figures per area?' AS message
FROM contracts
WHERE usable AND area = 'all'
