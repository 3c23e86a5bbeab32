-- rule: stage_claimed_no_outcome
-- severity: warning
-- about: a provider says it offers a stage of the pathway, but its outcome at that stage is 0 (not blank): offered on paper, not shown in use
SELECT
    s.contract_key AS service_key,
    l.outcome_key AS field,
    c.client_group || ' / ' || c.funder || ': offers ' || s.stage || ', ' || l.outcome_key || ' 0' AS "values",
    'The return says ' || s.provider || ' offers ' || REPLACE(s.stage, '_', ' ')
        || ' but records no ' || REPLACE(REPLACE(l.outcome_key, 'outcomes_', ''), '_', ' ')
        || ' outcomes for the year. Is the stage really offered, or are its outcomes recorded elsewhere?' AS message
FROM contract_stages s
JOIN stage_list l ON l.stage = s.stage
JOIN contracts c ON c.contract_key = s.contract_key
WHERE s.offered AND s.outcome = 0 AND l.outcome_key IS NOT NULL
