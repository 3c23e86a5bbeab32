-- pb_users_change: providers with PB funding that gave both windows' counts,
-- and whether the year so far is the same, higher or lower than the last
-- financial year (returns/provider_pb.md §5, §6).
SELECT
    period,
    COUNT(pb_users_change) AS n_both,
    SUM(CASE WHEN pb_users_change = 'same' THEN 1 ELSE 0 END) AS n_same,
    SUM(CASE WHEN pb_users_change = 'increase' THEN 1 ELSE 0 END) AS n_increase,
    SUM(CASE WHEN pb_users_change = 'decrease' THEN 1 ELSE 0 END) AS n_decrease
FROM pb_rows
WHERE status = 'usable' AND pb_funding_18m = 'yes'
GROUP BY period
ORDER BY period
