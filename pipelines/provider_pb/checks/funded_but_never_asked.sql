-- rule: funded_but_never_asked
-- severity: warning
-- about: a provider with Personal Budget funding (Q9 yes) says it has never been asked to provide support through one (Q23)
SELECT response_key AS service_key, 'pb_demand_18m' AS field, 'pb_funding_18m yes; pb_demand_18m never_asked' AS "values",
    COALESCE(org_name, 'This provider') || ' had Personal Budget funding but says it has never been asked to provide support through one. Which is right?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_demand_18m = 'never_asked'
