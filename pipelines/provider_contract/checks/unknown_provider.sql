-- rule: unknown_provider
-- severity: warning
-- about: a provider name matches nothing in reference/provider_register.csv; its rows are kept under the name as written
SELECT
    contract_key AS service_key,
    'provider' AS field,
    'provider "' || provider_written || '"' AS "values",
    'The provider "' || provider_written || '" is not on the provider register. Is it another name for one we know'
        || ' (add it as an alias), or a new provider (add it to reference/provider_register.csv)?' AS message
FROM contracts
WHERE NOT registered AND provider_written IS NOT NULL
