-- opportunity: what today's spend would buy if it bought job outcomes at
-- another cost per job outcome. One row per subject (a service, a site, a
-- group) x period x benchmark:
--   <band>_low / <band>_high  each end of every cost-per-outcome band in
--                             benchmarks.toml (the NDTi "aim for" band)
--   evidence_based_median     the median cost per outcome of the
--                             workspace's evidence-based services in the
--                             period (only when there are at least 5)
--   best_quartile             the subject's group's own best quarter: the
--                             25th percentile (linear) of its services'
--                             costs per outcome (only with at least 4)
-- spend and outcomes are summed over the subject's services that give
-- both a cost and a job outcome figure and have no open error (n_services).
-- outcomes_at_benchmark = spend / benchmark_cost;
-- extra_outcomes = outcomes_at_benchmark - outcomes;
-- saving = spend - outcomes * benchmark_cost (what today's outcomes would
-- cost at the benchmark). Negative extra outcomes and savings are not a
-- loss: the subject already does better than the benchmark, and
-- standing says so ('ahead'; 'behind' when it could buy more; 'level').
WITH base AS (
    SELECT grp, summary_period, service_key, site, primary_group,
           total_cost, outcomes_total, cost_per_outcome
    FROM service_groups
    WHERE NOT excluded AND total_cost IS NOT NULL AND outcomes_total IS NOT NULL
),
subjects AS (
    SELECT 'service' AS level, service_key AS subject, summary_period AS period,
           COALESCE(primary_group, 'unknown') AS grp,
           SUM(total_cost) AS spend, SUM(outcomes_total) AS outcomes,
           CAST(COUNT(*) AS BIGINT) AS n_services
    FROM base
    WHERE grp = 'all' AND summary_period <> 'all'
    GROUP BY service_key, summary_period, primary_group
    UNION ALL
    SELECT 'site' AS level, site AS subject, summary_period AS period, 'all' AS grp,
           SUM(total_cost) AS spend, SUM(outcomes_total) AS outcomes,
           CAST(COUNT(*) AS BIGINT) AS n_services
    FROM base
    WHERE grp = 'all'
    GROUP BY site, summary_period
    UNION ALL
    SELECT 'group' AS level, grp AS subject, summary_period AS period, grp,
           SUM(total_cost) AS spend, SUM(outcomes_total) AS outcomes,
           CAST(COUNT(*) AS BIGINT) AS n_services
    FROM base
    GROUP BY grp, summary_period
),
best AS (
    SELECT grp, summary_period,
           QUANTILE_CONT(cost_per_outcome, 0.25) AS cost,
           CAST(COUNT(cost_per_outcome) AS BIGINT) AS n
    FROM base
    GROUP BY grp, summary_period
),
evidence AS (
    SELECT summary_period,
           MEDIAN(cost_per_outcome) AS cost,
           CAST(COUNT(cost_per_outcome) AS BIGINT) AS n
    FROM base
    WHERE grp = 'evidence_based'
    GROUP BY summary_period
),
band_ends AS (
    SELECT band || '_low' AS benchmark, applies_to, low AS cost, label || ', low end' AS label, source
    FROM reference_bands
    WHERE metric = 'cost_per_outcome' AND low IS NOT NULL
    UNION ALL
    SELECT band || '_high' AS benchmark, applies_to, high AS cost, label || ', high end' AS label, source
    FROM reference_bands
    WHERE metric = 'cost_per_outcome' AND high IS NOT NULL
),
benchmarked AS (
    SELECT s.*, b.benchmark, b.cost AS benchmark_cost,
           CAST(NULL AS BIGINT) AS benchmark_n, b.label AS benchmark_label, b.source AS benchmark_source
    FROM subjects s
    JOIN band_ends b ON b.applies_to = s.grp
    UNION ALL
    SELECT s.*, 'evidence_based_median' AS benchmark, e.cost AS benchmark_cost,
           e.n AS benchmark_n,
           'median cost per job outcome of the evidence-based services here' AS benchmark_label,
           'this workspace: services on reference/evidence_based.csv, same period' AS benchmark_source
    FROM subjects s
    JOIN evidence e ON e.summary_period = s.period
    WHERE e.n >= 5
    UNION ALL
    SELECT s.*, 'best_quartile' AS benchmark, q.cost AS benchmark_cost,
           q.n AS benchmark_n,
           'best quarter of the group''s own services (25th percentile cost per job outcome)' AS benchmark_label,
           'this workspace: the group''s services, same period' AS benchmark_source
    FROM subjects s
    JOIN best q ON q.grp = s.grp AND q.summary_period = s.period
    WHERE q.n >= 4
)
SELECT
    level,
    subject,
    period,
    grp AS "group",
    n_services,
    spend,
    outcomes,
    spend / NULLIF(outcomes, 0) AS cost_per_outcome,
    benchmark,
    benchmark_cost,
    benchmark_n,
    benchmark_label,
    benchmark_source,
    spend / NULLIF(benchmark_cost, 0) AS outcomes_at_benchmark,
    spend / NULLIF(benchmark_cost, 0) - outcomes AS extra_outcomes,
    spend - outcomes * benchmark_cost AS saving,
    CASE
        WHEN benchmark_cost IS NULL OR benchmark_cost = 0 THEN NULL
        WHEN spend / benchmark_cost - outcomes > 0.0001 THEN 'behind'
        WHEN spend / benchmark_cost - outcomes < -0.0001 THEN 'ahead'
        ELSE 'level'
    END AS standing
FROM benchmarked
ORDER BY level, subject, period, benchmark
