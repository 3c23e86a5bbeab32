-- pb_funnel: every response received, and what cleaning made of it
-- (returns/provider_pb.md §4, §6): incomplete starts, duplicates and
-- superseded responses out; the usable ones by nation.
SELECT
    period,
    COUNT(*) AS received,
    SUM(CASE WHEN status = 'incomplete' THEN 1 ELSE 0 END) AS incomplete,
    SUM(CASE WHEN status = 'duplicate' THEN 1 ELSE 0 END) AS duplicate,
    SUM(CASE WHEN status = 'superseded' THEN 1 ELSE 0 END) AS superseded,
    SUM(CASE WHEN status = 'usable' THEN 1 ELSE 0 END) AS usable,
    SUM(CASE WHEN status = 'usable' AND nation = 'england' THEN 1 ELSE 0 END) AS usable_england,
    SUM(CASE WHEN status = 'usable' AND nation = 'scotland' THEN 1 ELSE 0 END) AS usable_scotland,
    SUM(CASE WHEN status = 'usable' AND nation = 'wales' THEN 1 ELSE 0 END) AS usable_wales,
    SUM(CASE WHEN status = 'usable' AND nation NOT IN ('england', 'scotland', 'wales') THEN 1 ELSE 0 END) AS usable_other
FROM pb_rows
GROUP BY period
ORDER BY period
