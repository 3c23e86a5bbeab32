-- authority_value: per authority and year, what the commissioners say they
-- spend (the sum of the streams in commissioner_spend) against what the
-- service returns show for that authority's services (not excluded):
-- coverage_pct = 100 x services' cost / reported spend (how much of the
-- spend the returns account for), spend per job outcome and per person
-- where both exist. Authorities are joined through the reference data, so
-- "Stockport MBC" and "Stockport Metropolitan Borough Council" meet.
WITH spend AS (
    SELECT authority_key, MIN(authority_code) AS authority_code, MIN(authority) AS authority,
        MIN(region) AS region, period, SUM(spend) AS reported_spend, COUNT(*) AS streams,
        MAX(accuracy) AS spend_accuracy, MAX(responses) AS responses,
        MAX(CASE WHEN disagree THEN 1 ELSE 0 END) = 1 AS disagree
    FROM commissioner_spend
    GROUP BY authority_key, period
),
svc AS (
    SELECT s.authority_code, MIN(r.site) AS authority, MIN(s.region) AS region, s.period,
        COUNT(*) AS services, SUM(s.total_cost) AS services_cost,
        SUM(s.people_total) AS people_total, SUM(s.outcomes_total) AS outcomes_total
    FROM services s
    JOIN returns r ON r.service_key = s.service_key
    WHERE NOT r.excluded AND s.authority_code IS NOT NULL AND s.period IS NOT NULL
    GROUP BY s.authority_code, s.period
),
keys AS (
    SELECT authority_key, period FROM spend
    UNION
    SELECT authority_code AS authority_key, period FROM svc
)
SELECT
    COALESCE(sp.authority_code, sv.authority_code) AS authority_code,
    COALESCE(sp.authority, sv.authority) AS authority,
    COALESCE(sp.region, sv.region) AS region,
    k.period,
    sp.reported_spend,
    sp.streams,
    sp.spend_accuracy,
    COALESCE(sp.responses, 0) AS responses,
    COALESCE(sp.disagree, FALSE) AS disagree,
    COALESCE(sv.services, 0) AS services,
    sv.services_cost,
    sv.people_total,
    sv.outcomes_total,
    100.0 * sv.services_cost / NULLIF(sp.reported_spend, 0) AS coverage_pct,
    sp.reported_spend / NULLIF(sv.outcomes_total, 0) AS spend_per_outcome,
    sp.reported_spend / NULLIF(sv.people_total, 0) AS spend_per_person,
    sv.services_cost / NULLIF(sv.outcomes_total, 0) AS services_cost_per_outcome
FROM keys k
LEFT JOIN spend sp ON sp.authority_key = k.authority_key AND sp.period = k.period
LEFT JOIN svc sv ON sv.authority_code = k.authority_key AND sv.period = k.period
ORDER BY authority, k.period
