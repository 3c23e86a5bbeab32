-- rule: excluded_provider
-- severity: info
-- about: the provider register marks the provider as not locally commissioned employment support (the review's *): its rows are kept but left out of every table
SELECT
    contract_key AS service_key,
    'provider' AS field,
    client_group || ' / ' || funder || ': ' || excluded_reason AS "values",
    provider || ' is left out of the tables: ' || excluded_reason
        || '. If that has changed, edit reference/provider_register.csv.' AS message
FROM contracts
WHERE excluded_reason IS NOT NULL
