//! The analytics tables against figures computed by hand from
//! tests/fixtures/analytics_10.csv (DOMAIN.md §2-§4).
//!
//! The ten services, with their own figures (cost per person = cost /
//! people; rate = outcomes / people; cost per outcome = cost / outcomes;
//! SLI = p<7 + 3 p7-40 + 10 p>40):
//!
//! | svc | group | cost/person | rate | cost/outcome | new/ret/self share | per100 new/ret/self/all | SLI |
//! |-----|-------|------|------|--------|-----------------|---------------|------|
//! | L1 | ld | 1000 | 0.40 | 2500 | .5/.5/0 | 20/20/0/40 | .5+1.2+1.0 = 2.7 |
//! | L2 | ld | 3000 | 0.50 | 6000 | .4/.6/0 | 20/30/0/50 | .4+1.2+2.0 = 3.6 |
//! | L3 | ld | 1000 | 0.25 | 4000 | .6/.4/0 | 15/10/0/25 | not known |
//! | L4 | ld | 2000 | 0    | null | null | 0/0/0/0 | .25+1.5+2.5 = 4.25 |
//! | M1 | mh | 500  | 0.30 | 1666.67 | 2/3, 8/30, 2/30 | 20/8/2/30 | .8+.6 = 1.4 |
//! | M2 | mh | 1000 | 0.30 | 3333.33 | 2/3, 8/30, 2/30 | 20/8/2/30 | .5+1.5 = 2.0 |
//! | M3 | mh | 2000 | 0.25 | 8000 | .8/.2/0 | 20/5/0/25 | missing |
//! | M4 | mh | 3000 | 0.50 | 6000 | .5/.5/0 | 25/25/0/50 | 2.0 |
//! | X1 | mixed | 1200 | 0.30 | 4000 | .5/.5/0 | 15/15/0/30 | 2.0 |
//! | X2 | mixed (50 % / 50 %) | 800 | 0.40 | 2000 | .5/.4/.1 | 20/16/4/40 | 2.7 |
//!
//! L1 and M1 are on the workspace's evidence-based register.

use crate::harness::*;

fn analytics_workspace() -> Ws {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.path("reference")).expect("reference dir");
    std::fs::write(
        ws.path("reference/evidence_based.csv"),
        "commissioner,service_name,model,source\nStockport Metropolitan Borough Council,L1 Jobs First,supported employment,test register\nStockport MBC,M1 IPS Service,IPS,test register\n",
    )
    .expect("register");
    ws.drop_fixture("analytics_10.csv", None);
    ws.run();
    ws
}

fn close(actual: Option<f64>, expected: f64, what: &str) {
    assert_close(actual, Some(expected), what);
}

#[test]
fn services_get_authority_region_and_register() {
    let ws = analytics_workspace();
    let df = ws.services();
    assert_eq!(
        cell_str(&df, "L1 Jobs First", "authority_code").as_deref(),
        Some("E08000007")
    );
    assert_eq!(
        cell_str(&df, "L1 Jobs First", "region").as_deref(),
        Some("North West")
    );
    assert_eq!(
        cell_str(&df, "M4 Vocational Rehab", "authority_code").as_deref(),
        Some("E06000023")
    );
    let eb = df
        .column("evidence_based")
        .expect("col")
        .bool()
        .expect("bool")
        .clone();
    let names = df
        .column("service_name")
        .expect("col")
        .str()
        .expect("str")
        .clone();
    let marked: Vec<&str> = (0..df.height())
        .filter(|&i| eb.get(i) == Some(true))
        .filter_map(|i| names.get(i))
        .collect();
    assert_eq!(marked, ["L1 Jobs First", "M1 IPS Service"]);
}

#[test]
fn summary_all_services() {
    let ws = analytics_workspace();
    let s = table(&ws, "summary");
    for period in ["2012/13", "all"] {
        let i = row(&s, &[("group", "all"), ("period", period)]);
        close(f(&s, i, "n_services"), 10.0, "n_services");
        close(f(&s, i, "n_excluded"), 0.0, "n_excluded");
        // mean cost per person = (1000+3000+1000+2000+500+1000+2000+3000+1200+800)/10 = 15500/10
        close(
            f(&s, i, "mean_cost_per_person"),
            1550.0,
            "mean_cost_per_person",
        );
        // sorted 500 800 1000 1000 1000 1200 2000 2000 3000 3000: median (1000+1200)/2
        close(
            f(&s, i, "median_cost_per_person"),
            1100.0,
            "median_cost_per_person",
        );
        close(f(&s, i, "min_cost_per_person"), 500.0, "min");
        close(f(&s, i, "max_cost_per_person"), 3000.0, "max");
        // deviations from 1550 squared: 1102500 + 562500 + 3 x 302500 + 122500
        // + 2 x 202500 + 2 x 2102500 = 7305000; sample sd = sqrt(7305000 / 9)
        close(
            f(&s, i, "sd_cost_per_person"),
            (7_305_000.0f64 / 9.0).sqrt(),
            "sd_cost_per_person",
        );
        close(f(&s, i, "n_cost_per_person"), 10.0, "n_cost_per_person");
        // rates .4+.5+.25+0+.3+.3+.25+.5+.3+.4 = 3.2, /10
        close(f(&s, i, "mean_outcome_rate"), 0.32, "mean_outcome_rate");
        // cost per outcome: L4 has no outcomes, so n = 9:
        // 2500+6000+4000+1666.67+3333.33+8000+6000+4000+2000 = 37500, /9
        close(
            f(&s, i, "mean_cost_per_outcome"),
            37_500.0 / 9.0,
            "mean_cost_per_outcome",
        );
        close(f(&s, i, "n_cost_per_outcome"), 9.0, "n_cost_per_outcome");
        // share new: .5+.4+.6+2/3+2/3+.8+.5+.5+.5 = 5.1333, /9
        close(
            f(&s, i, "mean_share_new"),
            (0.5 + 0.4 + 0.6 + 2.0 / 3.0 + 2.0 / 3.0 + 0.8 + 0.5 + 0.5 + 0.5) / 9.0,
            "mean_share_new",
        );
        // share self-employed: 2/30 + 2/30 + .1 = .2333, /9
        close(
            f(&s, i, "mean_share_self_employed"),
            (2.0 / 30.0 * 2.0 + 0.1) / 9.0,
            "mean_share_self_employed",
        );
        // SLI known for 8 services: 2.7+3.6+4.25+1.4+2.0+2.0+2.0+2.7 = 20.65, /8
        close(f(&s, i, "mean_sli"), 20.65 / 8.0, "mean_sli");
        close(f(&s, i, "n_sli"), 8.0, "n_sli");
        // p(<7h): .5 .4 .25 .8 .5 .5 .5 .5 = 3.95, /8
        close(
            f(&s, i, "mean_p_support_lt7"),
            3.95 / 8.0,
            "mean_p_support_lt7",
        );
        // per 100 new: 20+20+15+0+20+20+20+25+15+20 = 175, /10
        close(f(&s, i, "mean_per100_new"), 17.5, "mean_per100_new");
        // pooled: sum cost 1,260,000 / sum people 1040; / sum outcomes 315
        close(
            f(&s, i, "pooled_cost_per_person"),
            1_260_000.0 / 1040.0,
            "pooled_cost_per_person",
        );
        close(
            f(&s, i, "pooled_cost_per_outcome"),
            4000.0,
            "pooled_cost_per_outcome",
        );
        close(
            f(&s, i, "pooled_outcome_rate"),
            315.0 / 1040.0,
            "pooled_outcome_rate",
        );
        // new jobs 20+10+30+0+20+60+16+5+15+10 = 186 of 315
        close(
            f(&s, i, "pooled_share_new"),
            186.0 / 315.0,
            "pooled_share_new",
        );
    }
}

#[test]
fn summary_by_group() {
    let ws = analytics_workspace();
    let s = table(&ws, "summary");
    let ld = row(&s, &[("group", "ld"), ("period", "2012/13")]);
    close(f(&s, ld, "n_services"), 4.0, "ld n");
    close(
        f(&s, ld, "mean_cost_per_person"),
        (1000.0 + 3000.0 + 1000.0 + 2000.0) / 4.0,
        "ld cpp",
    );
    close(
        f(&s, ld, "mean_outcome_rate"),
        (0.4 + 0.5 + 0.25 + 0.0) / 4.0,
        "ld rate",
    );
    close(
        f(&s, ld, "mean_cost_per_outcome"),
        (2500.0 + 6000.0 + 4000.0) / 3.0,
        "ld cpo (L4 has none)",
    );
    close(f(&s, ld, "n_cost_per_outcome"), 3.0, "ld n cpo");
    let mh = row(&s, &[("group", "mh"), ("period", "2012/13")]);
    close(
        f(&s, mh, "mean_cost_per_person"),
        (500.0 + 1000.0 + 2000.0 + 3000.0) / 4.0,
        "mh cpp",
    );
    close(
        f(&s, mh, "mean_cost_per_outcome"),
        (5000.0 / 3.0 + 10000.0 / 3.0 + 8000.0 + 6000.0) / 4.0,
        "mh cpo",
    );
    close(f(&s, mh, "n_sli"), 3.0, "mh sli known for M1, M2, M4");
    let mixed = row(&s, &[("group", "mixed"), ("period", "2012/13")]);
    close(
        f(&s, mixed, "n_services"),
        2.0,
        "X2 at exactly 50 % is mixed",
    );
    close(f(&s, mixed, "mean_outcome_rate"), 0.35, "mixed rate");
    let eb = row(&s, &[("group", "evidence_based"), ("period", "2012/13")]);
    close(f(&s, eb, "n_services"), 2.0, "evidence-based n");
    close(
        f(&s, eb, "mean_cost_per_person"),
        750.0,
        "evidence-based cpp",
    );
    close(
        f(&s, eb, "mean_cost_per_outcome"),
        (2500.0 + 5000.0 / 3.0) / 2.0,
        "evidence-based cpo",
    );
}

#[test]
fn per100_by_method() {
    let ws = analytics_workspace();
    let p = table(&ws, "per100");
    let study = row(
        &p,
        &[("group", "all"), ("period", "2012/13"), ("method", "study")],
    );
    let mean_rate = 0.32;
    let share_new = (0.5 + 0.4 + 0.6 + 2.0 / 3.0 + 2.0 / 3.0 + 0.8 + 0.5 + 0.5 + 0.5) / 9.0;
    close(
        f(&p, study, "per100_new"),
        100.0 * mean_rate * share_new,
        "study new",
    );
    close(f(&p, study, "per100_outcomes"), 32.0, "study outcomes");
    close(f(&p, study, "per100_no_outcome"), 68.0, "study none");
    // pooled: 186 new, 119 retained, 10 self-employed, 315 outcomes in 1040 people
    let pooled = row(
        &p,
        &[
            ("group", "all"),
            ("period", "2012/13"),
            ("method", "pooled"),
        ],
    );
    close(f(&p, pooled, "per100_new"), 18600.0 / 1040.0, "pooled new");
    close(
        f(&p, pooled, "per100_retained"),
        11900.0 / 1040.0,
        "pooled retained",
    );
    close(
        f(&p, pooled, "per100_self_employed"),
        1000.0 / 1040.0,
        "pooled self",
    );
    close(
        f(&p, pooled, "per100_no_outcome"),
        100.0 - 31500.0 / 1040.0,
        "pooled none",
    );
    // mean of services: retained 20+30+10+0+8+8+5+25+15+16 = 137, /10
    let mean = row(
        &p,
        &[
            ("group", "all"),
            ("period", "2012/13"),
            ("method", "mean_of_services"),
        ],
    );
    close(f(&p, mean, "per100_retained"), 13.7, "mean retained");
    close(f(&p, mean, "per100_self_employed"), 0.8, "mean self");
}

#[test]
fn per100_reproduces_the_published_statement() {
    // DOMAIN.md §3: mean outcome rate 38 % and type shares 61/36/3 give
    // "23 new, 14 retained, 1 self-employed per 100". Service A: 100 of 250
    // (40 %), B: 900 of 2,500 (36 %); both split 61/36/3.
    let ws = Ws::new();
    ws.drop_fixture("per100_study.csv", None);
    ws.run();
    let p = table(&ws, "per100");
    let i = row(
        &p,
        &[("group", "all"), ("period", "all"), ("method", "study")],
    );
    let new = f(&p, i, "per100_new").expect("new");
    let retained = f(&p, i, "per100_retained").expect("retained");
    let self_employed = f(&p, i, "per100_self_employed").expect("self");
    close(Some(new), 100.0 * 0.38 * 0.61, "23.18");
    close(Some(retained), 100.0 * 0.38 * 0.36, "13.68");
    close(Some(self_employed), 100.0 * 0.38 * 0.03, "1.14");
    assert_eq!(
        [new.round(), retained.round(), self_employed.round()],
        [23.0, 14.0, 1.0]
    );
}

#[test]
fn per100_segments_by_client_group_and_support_level() {
    let ws = analytics_workspace();
    let p = table(&ws, "per100_segments");
    // No service splits its outcomes by client group in this fixture.
    let ld = row(
        &p,
        &[("group", "all"), ("period", "2012/13"), ("segment", "ld")],
    );
    assert_eq!(f(&p, ld, "per100_outcomes"), None);
    close(f(&p, ld, "n_services"), 0.0, "no services with both");
}

#[test]
fn per100_segments_pool_only_services_with_both_figures() {
    // Three services that split their outcomes by client group. By hand,
    // over the services with both figures ("not known" is neither):
    //   ld:  S1 (80 people, 20 outcomes), S2 (40, 4); S3's ld outcomes
    //        are not known: n 2, 120 people, 24 outcomes, per 100 = 20.
    //   mh:  S1 (20, 5), S3 (20, 15); S2's mh outcomes are not known:
    //        n 2, 40 people, 20 outcomes, per 100 = 50.
    //   support_gt40: S1 (10, 1) only: S2 and S3 leave that split wholly
    //        blank, which is missing, not 0: n 1, per 100 = 10.
    let ws = Ws::new();
    ws.drop_bytes(
        "segments.csv",
        b"service_name,commissioner,period,total_cost,people_total,people_ld,people_mh,\
outcomes_total,outcomes_ld,outcomes_mh,people_support_gt40,outcomes_support_gt40\n\
S1 Segments,Stockport MBC,2012/13,100000,100,80,20,25,20,5,10,1\n\
S2 Segments,Leeds City Council,2012/13,50000,50,40,10,4,4,not known,,\n\
S3 Segments,Stockport MBC,2012/13,60000,50,30,20,15,not known,15,,\n",
    );
    ws.run();
    let p = table(&ws, "per100_segments");
    let at = |segment: &str| {
        row(
            &p,
            &[
                ("group", "all"),
                ("period", "2012/13"),
                ("segment", segment),
            ],
        )
    };
    let expect = [
        ("ld", 2.0, 120.0, 24.0, 20.0),
        ("mh", 2.0, 40.0, 20.0, 50.0),
        ("support_gt40", 1.0, 10.0, 1.0, 10.0),
    ];
    for (segment, n, people, outcomes, per100) in expect {
        let i = at(segment);
        close(f(&p, i, "n_services"), n, &format!("{segment} n"));
        close(f(&p, i, "people"), people, &format!("{segment} people"));
        close(
            f(&p, i, "outcomes"),
            outcomes,
            &format!("{segment} outcomes"),
        );
        close(
            f(&p, i, "per100_outcomes"),
            per100,
            &format!("{segment} per 100"),
        );
    }
    // Ten segments for each group and period.
    assert_eq!(p.height() % 10, 0);
}

fn pearson(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sy: f64 = pairs.iter().map(|p| (p.1 - my).powi(2)).sum();
    sxy / (sx * sy).sqrt()
}

#[test]
fn correlations_with_their_n() {
    let ws = analytics_workspace();
    let c = table(&ws, "correlations");
    // outcome rate x cost per outcome over the 9 services with both
    // (L4 has no cost per outcome): r = 0.1001 by hand.
    let pairs = [
        (0.4, 2500.0),
        (0.5, 6000.0),
        (0.25, 4000.0),
        (0.3, 5000.0 / 3.0),
        (0.3, 10000.0 / 3.0),
        (0.25, 8000.0),
        (0.5, 6000.0),
        (0.3, 4000.0),
        (0.4, 2000.0),
    ];
    let i = row(
        &c,
        &[
            ("group", "all"),
            ("period", "2012/13"),
            ("x", "outcome_rate"),
            ("y", "cost_per_outcome"),
        ],
    );
    close(f(&c, i, "n"), 9.0, "n");
    close(f(&c, i, "r"), pearson(&pairs), "r");
    assert!((pearson(&pairs) - 0.10011).abs() < 1e-4);
    // people x outcomes over all ten
    let people = [
        100.0, 50.0, 200.0, 40.0, 100.0, 300.0, 80.0, 20.0, 100.0, 50.0,
    ];
    let outcomes = [40.0, 25.0, 50.0, 0.0, 30.0, 90.0, 20.0, 10.0, 30.0, 20.0];
    let pairs: Vec<(f64, f64)> = people.iter().copied().zip(outcomes).collect();
    let i = row(
        &c,
        &[
            ("group", "all"),
            ("period", "2012/13"),
            ("x", "people_total"),
            ("y", "outcomes_total"),
        ],
    );
    close(f(&c, i, "n"), 10.0, "n");
    close(f(&c, i, "r"), pearson(&pairs), "r people x outcomes");
    // SLI x cost per person: 8 services have an SLI
    let i = row(
        &c,
        &[
            ("group", "all"),
            ("period", "2012/13"),
            ("x", "sli"),
            ("y", "cost_per_person"),
        ],
    );
    close(f(&c, i, "n"), 8.0, "n sli");
}

#[test]
fn benchmarks_place_services_and_groups_against_bands() {
    let ws = analytics_workspace();
    let b = table(&ws, "benchmarks");
    let key = |name: &str| {
        let df = ws.services();
        cell_str(&df, name, "service_key").expect("key")
    };
    let at = |subject: &str, metric: &str, band: &str| {
        row(
            &b,
            &[
                ("subject", subject),
                ("period", "2012/13"),
                ("metric", metric),
                ("band", band),
            ],
        )
    };
    let pos = |i: usize| {
        b.column("position")
            .expect("p")
            .str()
            .expect("s")
            .get(i)
            .map(str::to_string)
    };
    let good = |i: usize| b.column("good").expect("g").bool().expect("b").get(i);
    // L1: £2,500 per outcome is inside £1,600-£4,000
    let i = at(
        &key("L1 Jobs First"),
        "cost_per_outcome",
        "ndti_aim_cost_per_outcome",
    );
    assert_eq!(pos(i).as_deref(), Some("inside"));
    close(f(&b, i, "distance"), 0.0, "inside");
    // L2: £6,000 is £2,000 above, and above is the bad side
    let i = at(
        &key("L2 Supported Employment"),
        "cost_per_outcome",
        "ndti_aim_cost_per_outcome",
    );
    assert_eq!(pos(i).as_deref(), Some("above"));
    close(f(&b, i, "distance"), 2000.0, "above by");
    assert_eq!(good(i), Some(false));
    // L3: 25 % is 5 points below the 30-56 % band
    let i = at(
        &key("L3 Project SEARCH"),
        "outcome_rate",
        "ndti_aim_outcome_rate",
    );
    assert_eq!(pos(i).as_deref(), Some("below"));
    close(f(&b, i, "distance"), 0.05, "below by");
    // The IPS band applies to MH services only: M3 at 25 % is 15 points short
    let i = at(
        &key("M3 Working Minds"),
        "outcome_rate",
        "ips_fidelity_employment_rate",
    );
    close(f(&b, i, "distance"), 0.15, "ips below by");
    let ld_ips = (0..b.height()).filter(|&i| {
        b.column("subject").expect("s").str().expect("s").get(i)
            == Some(key("L1 Jobs First").as_str())
            && b.column("band").expect("b").str().expect("s").get(i)
                == Some("ips_fidelity_employment_rate")
    });
    assert_eq!(ld_ips.count(), 0, "no IPS band for an LD service");
    // L4 has no cost per outcome: no position
    let i = at(
        &key("L4 Work Preparation"),
        "cost_per_outcome",
        "ndti_aim_cost_per_outcome",
    );
    assert_eq!(pos(i), None);
    // The 'all' group mean, £4,166.67, is £166.67 above the band
    let i = at("all", "cost_per_outcome", "ndti_aim_cost_per_outcome");
    close(
        f(&b, i, "distance"),
        37_500.0 / 9.0 - 4000.0,
        "group above by",
    );
}

#[test]
fn sites_pool_their_services() {
    let ws = analytics_workspace();
    let s = table(&ws, "sites");
    // Stockport runs L1 and M1: cost 150,000 for 200 people and 70 outcomes
    let i = row(&s, &[("commissioner", "Stockport"), ("period", "2012/13")]);
    close(f(&s, i, "services"), 2.0, "services");
    close(f(&s, i, "pooled_cost_per_person"), 750.0, "cost per person");
    close(
        f(&s, i, "pooled_cost_per_outcome"),
        150_000.0 / 70.0,
        "cost per outcome",
    );
    close(f(&s, i, "per100_new"), 20.0, "new per 100: (20+20)/200");
}

#[test]
fn results_are_byte_identical_on_the_same_inputs() {
    let a = analytics_workspace();
    let b = analytics_workspace();
    let dir = |ws: &Ws| jobtally::results::current_dir(&ws.workspace()).expect("results");
    let (da, db) = (dir(&a), dir(&b));
    for t in jobtally::results::table_names(&a.workspace()) {
        let x = std::fs::read(da.join(format!("{t}.parquet"))).expect("a");
        let y = std::fs::read(db.join(format!("{t}.parquet"))).expect("b");
        assert!(x == y, "{t} differs between two runs on the same inputs");
    }
}

#[test]
fn trends_compare_consecutive_years() {
    let ws = Ws::new();
    ws.drop_bytes(
        "two-years.csv",
        b"service_name,commissioner,period,total_cost,people_total,outcomes_total\nTeam,Wigan Council,2011/12,100000,100,20\nTeam,Wigan Council,2012/13,90000,100,30\n",
    );
    ws.run();
    let t = table(&ws, "trends");
    let i = row(&t, &[("level", "service"), ("from_period", "2011/12")]);
    // cost per outcome 5000 -> 3000: -40 %; rate 20 % -> 30 %: +10 points
    close(f(&t, i, "change_cost_per_outcome"), -0.4, "cost change");
    close(f(&t, i, "change_outcome_rate"), 0.1, "rate change");
}

#[test]
fn investment_estimate_is_a_range() {
    let ws = analytics_workspace();
    let services = ws.services();
    let reference = jobtally::reference::Reference::load(Some(&ws.root())).expect("reference");
    let e = jobtally::estimate::estimate(&services, &reference, 250_000.0, None, None, None)
        .expect("estimate");
    // pooled: 1,260,000 / 315 outcomes = £4,000 per outcome -> 62.5 outcomes
    close(e.pooled_cost_per_outcome, 4000.0, "pooled");
    close(e.outcomes, 62.5, "central");
    assert_eq!(e.n, 10);
    // own costs per outcome sorted: 1666.67 2000 2500 3333.33 4000 4000 6000
    // 6000 8000; quartiles at ranks 2 and 6 (0-based): 2500 and 6000
    assert_eq!(e.quartiles, Some((2500.0, 6000.0)));
    let (lo, hi) = e.outcomes_middle_half.expect("middle half");
    close(Some(lo), 250_000.0 / 6000.0, "middle half low");
    close(Some(hi), 100.0, "middle half high");
    // the NDTi band £1,600-£4,000: 62.5 to 156.25 outcomes
    assert_eq!(e.outcomes_at_band, Some((62.5, 156.25)));
    let text = e.describe();
    assert!(
        text.starts_with("£250,000 buys about 62 job outcomes"),
        "{text}"
    );
    // The reverse question: the services' own £1,260,000 bought 315; at
    // £4,000 each it buys 315 (level), at £1,600 each 787.5 (472.5 more).
    assert!(
        text.contains("These services' own £1,260,000 bought 315 job outcomes (£4,000 each). The same money would buy 315 at £4,000 each (level) and 788 at £1,600 each (473 more)."),
        "{text}"
    );
    // by site, any spelling: Stockport runs L1 and M1 (£150,000, 70 outcomes)
    let s = jobtally::estimate::estimate(
        &services,
        &reference,
        150_000.0,
        None,
        Some("Stockport Metropolitan Borough Council"),
        None,
    )
    .expect("site");
    close(s.outcomes, 70.0, "site central");
    ws.cmd()
        .args(["estimate", "--budget", "250000", "--group", "mh"])
        .assert()
        .success()
        .stdout(predicates::str::contains("mh services"));
    ws.cmd()
        .args(["estimate", "--budget", "-5"])
        .assert()
        .code(1);
    // Money as the returns write it reads the same as the plain figure.
    let plain = ws
        .cmd()
        .args(["estimate", "--budget", "250000", "--group", "mh"])
        .output()
        .expect("plain");
    for spelling in ["£250k", "£250,000", "250,000"] {
        let out = ws
            .cmd()
            .args(["estimate", "--budget", spelling, "--group", "mh"])
            .output()
            .expect("spelled");
        assert!(out.status.success(), "{spelling}");
        assert_eq!(out.stdout, plain.stdout, "{spelling}");
    }
    ws.cmd()
        .args(["estimate", "--budget", "a lot"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not an amount of money"));
}

#[test]
fn a_new_return_gives_the_tables_a_run_over_everything_at_once_gives() {
    // A run after one new service return keeps the first pass's tables of
    // the kinds whose flags did not change; they must be the tables a run
    // over every file at once makes. The planted contracts and the study's
    // returns bring anomalies of their own, so the queue's flags change.
    let kinds = [
        "contracts/planted.csv",
        "commissioner/small_export.csv",
        "people/outcomes.csv",
        "analytics_10.csv",
    ];
    let step = Ws::new();
    for f in kinds {
        step.drop_fixture(f, None);
    }
    step.run();
    step.drop_fixture("checks_planted.csv", None);
    step.run();
    let once = Ws::new();
    for f in kinds.iter().chain(&["checks_planted.csv"]) {
        once.drop_fixture(f, None);
    }
    once.run();
    let names = jobtally::results::table_names(&once.workspace());
    assert_eq!(jobtally::results::table_names(&step.workspace()), names);
    for t in names {
        let (x, y) = (table(&step, &t), table(&once, &t));
        // When each file was received differs; the rest must be equal,
        // row for row.
        let x = x.drop_many(["last_received", "received_at"]);
        let y = y.drop_many(["last_received", "received_at"]);
        assert!(x.equals_missing(&y), "{t} differs:\n{x}\n{y}");
    }
}

#[test]
fn one_intake_over_several_runs_gives_the_tables_of_a_run_over_everything_at_once() {
    // The daemon keeps one intake, and with it the answers of the models
    // and checks whose tables did not change. Runs that take the files
    // one kind at a time, then a duplicate, must still give
    // the tables of a run over every file at once. The last two add a
    // service to many: only its rows of the input tables are built.
    let steps = [
        "contracts/planted.csv",
        "commissioner/small_export.csv",
        "analytics_10.csv",
        "people/outcomes.csv",
        "checks_planted.csv",
        "checks_resubmit_1.csv",
        "layout_a_full.xlsx",
    ];
    let step = Ws::new();
    let ws = step.workspace();
    let config = jobtally::config::Config::load(None, &ws.root).expect("config");
    let intake = jobtally::intake::Intake::long_lived(&ws, &config);
    for f in steps {
        step.drop_fixture(f, None);
        intake.run_files(None).expect("run");
    }
    // Nothing new: the same answers again.
    step.drop_fixture("analytics_10.csv", Some("again.csv"));
    intake.run_files(None).expect("run");
    // The contracts' tables did not change after the first run: their
    // files are links to the one it wrote, not written again.
    let current = jobtally::results::current_dir(&ws).expect("results");
    let links = std::os::unix::fs::MetadataExt::nlink(
        &std::fs::metadata(current.join("provider_map.parquet")).expect("provider_map"),
    );
    assert!(links > 1, "provider_map written again ({links} link)");
    let once = Ws::new();
    for f in steps {
        once.drop_fixture(f, None);
    }
    once.run();
    let names = jobtally::results::table_names(&once.workspace());
    assert_eq!(jobtally::results::table_names(&ws), names);
    for t in names {
        let (x, y) = (table(&step, &t), table(&once, &t));
        let x = x.drop_many(["last_received", "received_at"]);
        let y = y.drop_many(["last_received", "received_at"]);
        assert!(x.equals_missing(&y), "{t} differs:\n{x}\n{y}");
    }
}
