-- rule: survey_unknown_authority
-- severity: warning
-- about: a survey response names an authority that is not in config/reference/authorities.csv (so it cannot meet its services); the nearest names are suggested, or it says why a council it names is not one (a district, or outside England)
SELECT
    response_key AS service_key,
    'authority' AS field,
    'authority "' || authority || '"' AS "values",
    'The authority "' || authority || '" is not one we know'
        || CASE WHEN authority_suggestion IS NOT NULL THEN '. ' || authority_suggestion ELSE '. Which council is it?' END AS message
FROM responses
WHERE status = 'used' AND authority_code IS NULL AND authority IS NOT NULL
