-- rule: resubmitted_changed
-- severity: warning
-- about: a later survey response from the same organisation, for the same areas and year, changed answers: it replaces the earlier one
SELECT response_key AS service_key, 'figures' AS field, changed AS "values",
    'A later response from ' || COALESCE(org_name, 'this provider') || ' changed ' || changed || '; it replaces the earlier one. Are the new answers the right ones?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND changed IS NOT NULL
