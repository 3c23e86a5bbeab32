-- rule: unknown_commissioner
-- severity: warning
-- about: the commissioner is not a council in config/reference/authorities.csv; the nearest names are suggested, or it says why a council it names is not one (a district, or outside England)
SELECT
    service_key,
    'commissioner' AS field,
    'commissioner "' || commissioner || '"' AS "values",
    'The commissioner "' || commissioner || '" is not a council we know'
        || CASE WHEN authority_suggestion IS NOT NULL THEN '. ' || authority_suggestion ELSE '. Which council or NHS body commissions the service?' END AS message
FROM returns
WHERE authority_code IS NULL AND commissioner IS NOT NULL
