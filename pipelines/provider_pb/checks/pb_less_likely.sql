-- rule: pb_less_likely
-- severity: info
-- about: a provider thinks people using a Personal Budget are less likely to gain or keep a job than others it supports: ask why
SELECT response_key AS service_key, 'pb_job_likelihood' AS field, 'pb_job_likelihood less' AS "values",
    COALESCE(org_name, 'This provider') || ' thinks people using a Personal Budget are less likely to gain or keep a job than others. Why?' || CASE WHEN contact_ok = 'no' THEN ' (no consent to contact)' ELSE '' END AS message
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes' AND pb_job_likelihood = 'less'
