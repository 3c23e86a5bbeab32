-- rule: outside_england
-- severity: info
-- about: a usable response from a provider in Scotland, Wales or Northern Ireland: kept and counted (the study counts them), and marked
SELECT response_key AS service_key, 'las_served' AS field, 'nation ' || nation AS "values",
    COALESCE(org_name, 'This provider') || ' works in ' || CASE nation WHEN 'scotland' THEN 'Scotland' WHEN 'wales' THEN 'Wales' ELSE 'Northern Ireland' END || ': its answers are counted and marked as outside England.' AS message
FROM pb_rows
WHERE status = 'usable' AND nation IN ('scotland', 'wales', 'northern_ireland')
