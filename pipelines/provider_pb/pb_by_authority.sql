-- pb_by_authority: per authority a usable response serves (Q4), its
-- providers, those with PB funding and those never asked, the PB users
-- that can be placed in it, and what its commissioners said in the spend
-- survey (returns/provider_pb.md §6). pb_users_<w>: the counts of PB-funded
-- providers serving it alone, plus its Q11 entries from those serving
-- several (null if nothing counts). commissioner_*: the cleaned survey's
-- answer when every responding commissioner agrees, else `mixed`.
WITH la AS (
    SELECT *, COALESCE(authority_code, authority) AS authority_id
    FROM pb_las WHERE source = 'q4'
),
per AS (
    SELECT
        period,
        authority_id,
        MIN(authority) AS authority,
        MIN(authority_code) AS authority_code,
        MIN(nation) AS nation,
        COUNT(*) AS providers,
        SUM(CASE WHEN pb_yes THEN 1 ELSE 0 END) AS providers_pb_yes,
        SUM(CASE WHEN never_asked THEN 1 ELSE 0 END) AS providers_never_asked,
        SUM(CASE WHEN pb_yes AND n_named = 1 THEN users_last_fy
                 WHEN pb_yes AND n_named > 1 THEN q11_last_fy END) AS pb_users_last_fy,
        SUM(CASE WHEN pb_yes AND n_named = 1 THEN users_ytd
                 WHEN pb_yes AND n_named > 1 THEN q11_ytd END) AS pb_users_ytd,
        SUM(CASE WHEN pb_yes AND n_named > 1 AND NOT has_q11_last_fy THEN 1 ELSE 0 END) AS providers_unattributed
    FROM la
    GROUP BY period, authority_id
),
comm AS (
    SELECT
        authority_code,
        CASE WHEN MIN(pb_allowed) = MAX(pb_allowed) THEN MIN(pb_allowed)
             WHEN MIN(pb_allowed) IS NOT NULL THEN 'mixed' END AS commissioner_pb_allowed,
        CASE WHEN MIN(pb_used) = MAX(pb_used) THEN MIN(pb_used)
             WHEN MIN(pb_used) IS NOT NULL THEN 'mixed' END AS commissioner_pb_used,
        CASE WHEN MIN(pb_spend_info) = MAX(pb_spend_info) THEN MIN(pb_spend_info)
             WHEN MIN(pb_spend_info) IS NOT NULL THEN 'mixed' END AS commissioner_pb_spend_info
    FROM responses
    WHERE status = 'used' AND authority_code IS NOT NULL
    GROUP BY authority_code
)
SELECT
    p.period,
    p.authority,
    p.authority_code,
    p.nation,
    p.providers,
    p.providers_pb_yes,
    p.providers_never_asked,
    p.pb_users_last_fy,
    p.pb_users_ytd,
    p.providers_unattributed,
    c.commissioner_pb_allowed,
    c.commissioner_pb_used,
    c.commissioner_pb_spend_info
FROM per p
LEFT JOIN comm c ON c.authority_code = p.authority_code
ORDER BY p.period, p.authority
