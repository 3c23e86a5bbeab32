-- rule: commissioner_read_as
-- severity: info
-- about: the commissioner's name is a small typing slip away from one council, and was read as that council; the return keeps what it said
SELECT
    service_key,
    'commissioner' AS field,
    'commissioner "' || commissioner_as_sent || '"' AS "values",
    'The commissioner "' || commissioner_as_sent || '" was ' || authority_read_as
        || '. If that is not the council, correct the return or add the name to reference/authorities.csv' AS message
FROM returns
WHERE authority_read_as IS NOT NULL
