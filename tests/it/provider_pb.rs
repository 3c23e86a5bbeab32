//! The providers' personal-budget survey (return kind `provider_pb`):
//! NDTi (2014), The Use of Personal Budgets for Employment Support,
//! Section 3.1.1 and Section 4 reproduced from a fixture built to its
//! printed figures, both export layouts reading to the same tables, and
//! every check firing on a planted case and on nothing in a clean set.
//!
//! Fixtures (tests/fixtures/provider_pb/, see the README there):
//! - `ndti_2014_export.csv`: 107 responses as the survey tool exports them
//!   (two-row header, one column per option ticked);
//! - `ndti_2014_semicolon.csv`: the same responses with a one-row
//!   `<question> - <item>` header and `;`-separated options.

use jobtally::store::Store;

use polars::prelude::Column;

use crate::harness::*;

fn close(actual: Option<f64>, expected: f64, what: &str) {
    assert_close(actual, Some(expected), what);
}

/// A percentage as the report prints it: rounded to a whole number.
fn pct(actual: Option<f64>, printed: f64, what: &str) {
    let a = actual.unwrap_or(f64::NAN);
    assert_eq!(
        a.round(),
        printed,
        "{what}: {a} does not print as {printed} %"
    );
}

fn study() -> Ws {
    let ws = Ws::new();
    ws.drop_fixture("provider_pb/ndti_2014_export.csv", Some("pb_survey.csv"));
    let out = ws.run();
    assert!(out.contains("107 provider survey responses read"), "{out}");
    ws
}

fn profile(ws: &Ws) -> impl Fn(&str, &str, &str) -> (Option<f64>, usize) {
    let df = table(ws, "pb_profile");
    move |group, field, category| {
        let i = row(
            &df,
            &[("group", group), ("field", field), ("category", category)],
        );
        (f(&df, i, "n"), i)
    }
}

fn queue_rules(ws: &Ws) -> Vec<(String, String, String)> {
    let store = Store::open(&ws.workspace().state_db()).expect("store");
    let mut rules: Vec<(String, String, String)> = jobtally::store::anomalies::all(store.conn())
        .expect("anomalies")
        .into_iter()
        .filter(|a| a.closed_reason.is_none())
        .map(|a| (a.rule, a.service_name.unwrap_or_default(), a.field))
        .collect();
    rules.sort();
    rules
}

#[test]
fn the_survey_reproduces_the_reports_section_4() {
    let ws = study();
    // §3.1.1: "A total of 107 responses were received of which 58 were
    // completed sufficiently"; footnote 27: four in Scotland, two in Wales.
    let funnel = table(&ws, "pb_funnel");
    assert_eq!(funnel.height(), 1);
    for (col, printed) in [
        ("received", 107.0),
        ("usable", 58.0),
        ("usable_scotland", 4.0),
        ("usable_wales", 2.0),
        ("usable_england", 52.0),
    ] {
        close(f(&funnel, 0, col), printed, col);
    }
    // What the fixture adds to the 49 left out: 47 abandoned starts, one
    // duplicate, one earlier version superseded (the report gives no split).
    close(f(&funnel, 0, "incomplete"), 47.0, "incomplete");
    close(f(&funnel, 0, "duplicate"), 1.0, "duplicate");
    close(f(&funnel, 0, "superseded"), 1.0, "superseded");

    let p = profile(&ws);
    let df = table(&ws, "pb_profile");
    let check = |group: &str, field: &str, category: &str, n: f64, printed: Option<f64>| {
        let (got, i) = p(group, field, category);
        close(got, n, &format!("{group} {field} {category} n"));
        if let Some(printed) = printed {
            pct(
                f(&df, i, "pct_group"),
                printed,
                &format!("{group} {field} {category}"),
            );
        }
    };
    // §3.1.1: "Thirty six responses (62%) ... voluntary or community
    // sector, 16 responses (28%) ... Local Authority providers, one was an
    // NHS Trust, one was central government, one was a private ... three
    // were either from another type ... or not given".
    check("all", "org_type", "vcs", 36.0, Some(62.0));
    check("all", "org_type", "la", 16.0, Some(28.0));
    check("all", "org_type", "nhs", 1.0, None);
    check("all", "org_type", "central_government", 1.0, None);
    check("all", "org_type", "private", 1.0, None);
    let other = p("all", "org_type", "other").0.unwrap_or(0.0)
        + p("all", "org_type", "missing").0.unwrap_or(0.0);
    assert_eq!(other, 3.0, "other or not given");
    // "18 organisations (31%) ... less than 100 people and five (9%) ...
    // 1000 people or more".
    check("all", "size_band", "lt100", 18.0, Some(31.0));
    check("all", "size_band", "1000_plus", 5.0, Some(9.0));
    // "Thirty one organisations (53%) ... learning disability and 15
    // organisations (26%) ... mental health problem".
    check("all", "majority_group", "ld", 31.0, Some(53.0));
    check("all", "majority_group", "mh", 15.0, Some(26.0));
    // "86% provided individualised job support, 81% work preparation, 40%
    // self employment support, 17% social firms, and 10% sheltered or
    // industrial workshops".
    check(
        "all",
        "provides",
        "individual_job_support",
        50.0,
        Some(86.0),
    );
    check("all", "provides", "work_preparation", 47.0, Some(81.0));
    check("all", "provides", "self_employment", 23.0, Some(40.0));
    check("all", "provides", "social_firm", 10.0, Some(17.0));
    check("all", "provides", "sheltered_workshop", 6.0, Some(10.0));
    // §4.1.1: "Thirty seven ... (64%) ... had not received funding ...
    // Nineteen ... (33%) ... had ... Two organisations (3%) ... did not know".
    check("all", "pb_funding_18m", "no", 37.0, Some(64.0));
    check("all", "pb_funding_18m", "yes", 19.0, Some(33.0));
    check("all", "pb_funding_18m", "not_known", 2.0, Some(3.0));
    // §4.1.3: "26% of the 58 ... increase in demand, 17% ... no change ...
    // 2% ... a decrease ... 25 of the organisations (43%) ... never been
    // asked" (of all 58: seven did not answer).
    check("all", "pb_demand_18m", "increase", 15.0, Some(26.0));
    check("all", "pb_demand_18m", "no_change", 10.0, Some(17.0));
    check("all", "pb_demand_18m", "decrease", 1.0, Some(2.0));
    check("all", "pb_demand_18m", "never_asked", 25.0, Some(43.0));

    // Table 1: "2012/13 (N=17) ... Since April 2013 (N=14)".
    let users = table(&ws, "pb_users");
    let last = row(&users, &[("window", "last_fy")]);
    let ytd = row(&users, &[("window", "ytd")]);
    for (i, n, sum, min, max, mean, median, over) in [
        (last, 17.0, 104.0, 0.0, 30.0, 6.1, 3.0, 3.0),
        (ytd, 14.0, 131.0, 1.0, 49.0, 9.4, 3.0, 3.0),
    ] {
        close(f(&users, i, "n_reporting"), n, "N");
        close(f(&users, i, "sum"), sum, "Sum across all organisations");
        close(f(&users, i, "min"), min, "Range (from)");
        close(f(&users, i, "max"), max, "Range (to)");
        let m = f(&users, i, "mean").unwrap_or(f64::NAN);
        assert_eq!((m * 10.0).round() / 10.0, mean, "Mean {m}");
        close(f(&users, i, "median"), median, "Median");
        close(
            f(&users, i, "n_over_10"),
            over,
            "Number of organisations with >10",
        );
    }
    // "Of the 14 organisations that provided information ... in both
    // years, five reported the same number ... nine ... an increase ...
    // and none reported a decrease."
    let change = table(&ws, "pb_users_change");
    for (col, n) in [
        ("n_both", 14.0),
        ("n_same", 5.0),
        ("n_increase", 9.0),
        ("n_decrease", 0.0),
    ] {
        close(f(&change, 0, col), n, col);
    }

    // Table 2 (of the 19 with PB funding): None 2 (11%), Less than £5,000
    // 5 (26%), £5,000-£9,999 1 (5%), £10,000-£24,999 2 (11%),
    // £25,000-£49,999 1 (5%), £100,000-£200,000 1 (5%), Not given 4 (21%),
    // Don't know 3 (16%).
    for (band, n, printed) in [
        ("none", 2.0, 11.0),
        ("lt5k", 5.0, 26.0),
        ("5k_10k", 1.0, 5.0),
        ("10k_25k", 2.0, 11.0),
        ("25k_50k", 1.0, 5.0),
        ("100k_200k", 1.0, 5.0),
        ("missing", 4.0, 21.0),
        ("not_known", 3.0, 16.0),
    ] {
        check("pb_yes", "income_band", band, n, Some(printed));
    }
    // §4.2: "Eight of the organisations provided sufficient information ...
    // The lowest income received was £500 per PB user (reported by two
    // organisations). The largest ... £5,333 ... the mean ... £2,744."
    // "Of the 12 organisations that did provide information".
    let income = table(&ws, "pb_income");
    close(f(&income, 0, "n_given"), 12.0, "12 gave income");
    close(
        f(&income, 0, "n_per_user"),
        8.0,
        "eight with income per user",
    );
    close(f(&income, 0, "min_per_user"), 500.0, "lowest £500");
    close(
        f(&income, 0, "n_at_min"),
        2.0,
        "reported by two organisations",
    );
    assert_eq!(f(&income, 0, "max_per_user").map(f64::round), Some(5333.0));
    assert_eq!(f(&income, 0, "mean_per_user").map(f64::round), Some(2744.0));
    // The pooled figure over the same eight: £102,928 / 32 users.
    close(f(&income, 0, "pooled_per_user"), 102_928.0 / 32.0, "pooled");
    close(
        f(&income, 0, "hourly_rate"),
        25.0,
        "benchmarks.toml hourly cost",
    );
    let hours = f(&income, 0, "hours_per_user").unwrap_or(f64::NAN);
    assert!((hours - 2744.0416 / 25.0).abs() < 0.01, "hours {hours}");

    // Table 3 (sizes of the 19): <100 7 (37%), 100-299 5 (26%), 300-499 1
    // (5%), 500-999 0 (0%), 1000 or more 3 (16%), Don't know 1 (5%), Not
    // given 2 (11%).
    for (band, n, printed) in [
        ("lt100", 7.0, 37.0),
        ("100_299", 5.0, 26.0),
        ("300_499", 1.0, 5.0),
        ("500_999", 0.0, 0.0),
        ("1000_plus", 3.0, 16.0),
        ("not_known", 1.0, 5.0),
        ("missing", 2.0, 11.0),
    ] {
        check("pb_yes", "size_band", band, n, Some(printed));
    }
    // §4.3.1: "14 were voluntary and community sector organisations, four
    // were Local Authority providers and one was a private".
    check("pb_yes", "org_type", "vcs", 14.0, None);
    check("pb_yes", "org_type", "la", 4.0, None);
    check("pb_yes", "org_type", "private", 1.0, None);
    // §4.3.3: "Of the 14 organisations that responded (one did not know
    // and four did not answer) 11 ... learning disability, two ... mental
    // health problem, and one ... equal numbers".
    check("pb_yes", "pb_majority_group", "ld", 11.0, None);
    check("pb_yes", "pb_majority_group", "mh", 2.0, None);
    check("pb_yes", "pb_majority_group", "equal", 1.0, None);
    check("pb_yes", "pb_majority_group", "not_known", 1.0, None);
    check("pb_yes", "pb_majority_group", "missing", 4.0, None);
    // §4.3.4: "15 of the 19 ... individualised job support and 12 ... work
    // preparation ... Three ... self-employment".
    check("pb_yes", "pb_buys", "individual_job_support", 15.0, None);
    check("pb_yes", "pb_buys", "work_preparation", 12.0, None);
    check("pb_yes", "pb_buys", "self_employment", 3.0, None);
    // §4.3.5: "Eight of the 17 organisations that provided a response ...
    // more likely ... Eight ... just as likely ... One ... less likely".
    check("pb_yes", "pb_job_likelihood", "more", 8.0, None);
    check("pb_yes", "pb_job_likelihood", "same", 8.0, None);
    check("pb_yes", "pb_job_likelihood", "less", 1.0, None);
    let (_, i) = p("pb_yes", "pb_job_likelihood", "more");
    close(f(&df, i, "n_answered"), 17.0, "17 answered");
    // §4.2: "Nine providers ... an hourly rate ... four ... worked out for
    // each individual ... one ... a set rate per person"; "seven ... mainly
    // through Direct Payments, three ... mainly council managed and six
    // ... both"; "Half of the 16 organisations that responded ... have
    // factored PB income in and half have not."
    check("pb_yes", "pb_costing", "hourly", 9.0, None);
    check("pb_yes", "pb_costing", "individual", 4.0, None);
    check("pb_yes", "pb_costing", "set_rate_own", 1.0, None);
    check("pb_yes", "pb_payment", "direct_payment", 7.0, None);
    check("pb_yes", "pb_payment", "council_managed", 3.0, None);
    check("pb_yes", "pb_payment", "both", 6.0, None);
    check("pb_yes", "pb_in_business_plan", "yes", 8.0, None);
    check("pb_yes", "pb_in_business_plan", "no", 8.0, None);
    let (_, i) = p("pb_yes", "pb_in_business_plan", "yes");
    pct(f(&df, i, "pct_answered"), 50.0, "half of the 16");

    let responses = table(&ws, "pb_responses");
    assert_eq!(responses.height(), 58);
}

/// The two-row export as a workbook, as a spreadsheet program saves it:
/// ids and counts as numbers, start times as dates.
fn export_as_workbook() -> Vec<u8> {
    let text =
        std::fs::read_to_string(fixture_path("provider_pb/ndti_2014_export.csv")).expect("fixture");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.expect("record").iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            if let Ok(n) = cell.parse::<f64>() {
                sheet.write_number(r, c, n).expect("number");
            } else if let Ok(t) = chrono::NaiveDateTime::parse_from_str(cell, "%d/%m/%Y %H:%M:%S") {
                let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                    &t.format("%Y-%m-%dT%H:%M:%S").to_string(),
                )
                .expect("date");
                sheet
                    .write_datetime_with_format(r, c, &dt, &date)
                    .expect("date");
            } else {
                sheet.write_string(r, c, cell).expect("text");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn the_export_layouts_read_to_identical_tables() {
    let a = Ws::new();
    a.drop_fixture("provider_pb/ndti_2014_export.csv", Some("pb_survey.csv"));
    a.run();
    let b = Ws::new();
    b.drop_fixture("provider_pb/ndti_2014_semicolon.csv", Some("pb_survey.csv"));
    b.run();
    let c = Ws::new();
    c.drop_bytes("pb_survey.xlsx", &export_as_workbook());
    let out = c.run();
    assert!(out.contains("107 provider survey responses read"), "{out}");
    for name in [
        "pb_funnel",
        "pb_responses",
        "pb_profile",
        "pb_users",
        "pb_users_change",
        "pb_income",
        "pb_by_authority",
    ] {
        let x = table(&a, name);
        assert!(x.height() > 0, "{name} is empty");
        for (other, layout) in [(&b, "one-row ; export"), (&c, "workbook")] {
            let mut y = table(other, name);
            if name == "pb_responses" {
                // The file's own name differs; nothing else may.
                let col = Column::new("source_file".into(), vec!["pb_survey.csv"; y.height()]);
                y.with_column(col).expect("source_file");
            }
            assert!(
                x.equals_missing(&y),
                "{name} differs in the {layout}:\n{x}\n{y}"
            );
        }
    }
    assert_eq!(queue_rules(&a), queue_rules(&b));
    assert_eq!(queue_rules(&a), queue_rules(&c));
}

/// A small keyed sheet: a clean set of four responses on which no check
/// fires, and a planted set where each check fires.
const CLEAN: &str = "\
response_id,org_name,org_type,las_served,people_supported,total_spend,pct_ld,pct_mh,provides,pb_funding_18m,pb_users_last_fy,pb_users_ytd,pb_users_by_la_last_fy,pb_buys,pb_job_likelihood,pb_income_last_fy,pb_demand_18m,contact_ok,period
c1,Acme Jobs,vcs,Leeds,80,200000,70,30,individual_job_support;work_preparation,yes,4,5,,individual_job_support,more,8000,increase,yes,2012/13
c2,Bridge Works,la,Leeds; Bradford,300,500000,60,40,individual_job_support,yes,6,6,Leeds: 4; Bradford: 2,individual_job_support,same,12000,increase,yes,2012/13
c3,Crest,private,Bradford,50,90000,20,80,work_preparation,no,,,,,,,never_asked,yes,2012/13
c4,Dragon Support,vcs,Kirklees,40,60000,50,40,work_preparation,no,,,,,,,no_change,yes,2012/13
";

#[test]
fn a_clean_set_raises_nothing_and_places_its_users() {
    let ws = Ws::new();
    ws.drop_bytes("pb_keyed.csv", CLEAN.as_bytes());
    let out = ws.run();
    assert!(out.contains("4 provider survey responses read"), "{out}");
    assert_eq!(queue_rules(&ws), []);
    let by = table(&ws, "pb_by_authority");
    let leeds = row(&by, &[("authority", "Leeds")]);
    // Acme alone (4) plus Bridge's Q11 entry for Leeds (4).
    close(f(&by, leeds, "pb_users_last_fy"), 8.0, "Leeds last FY");
    close(f(&by, leeds, "providers"), 2.0, "Leeds providers");
    close(f(&by, leeds, "providers_pb_yes"), 2.0, "Leeds PB-funded");
    let bradford = row(&by, &[("authority", "Bradford")]);
    close(
        f(&by, bradford, "pb_users_last_fy"),
        2.0,
        "Bradford last FY",
    );
    close(
        f(&by, bradford, "providers_never_asked"),
        1.0,
        "Bradford never asked",
    );
    let kirklees = row(&by, &[("authority", "Kirklees")]);
    assert_eq!(f(&by, kirklees, "pb_users_last_fy"), None, "nothing counts");
}

const PLANTED: &str = "\
response_id,org_name,org_type,las_served,people_supported,total_spend,pct_ld,pct_mh,provides,pb_funding_18m,pb_users_last_fy,pb_users_ytd,pb_users_by_la_last_fy,pb_buys,pb_job_likelihood,pb_income_last_fy,pb_demand_18m,contact_ok,period
p1,Over Count,vcs,Leeds,10,50000,70,130,individual_job_support,yes,12,3,,individual_job_support,more,5000,increase,yes,2012/13
p2,Silent Branch,vcs,Leeds,80,50000,70,30,individual_job_support,yes,,,,,,,increase,yes,2012/13
p3,Contrary,vcs,Leeds,80,50000,70,30,individual_job_support,no,3,,,,,,no_change,yes,2012/13
p4,Buys Other,vcs,Leeds,80,50000,70,30,work_preparation,yes,2,2,,self_employment,less,3000,never_asked,no,2012/13
p5,Rich,vcs,Leeds,80,1000,70,30,individual_job_support,yes,0,1,,individual_job_support,more,9000,increase,yes,2012/13
p6,Free,vcs,Leeds,80,50000,70,30,individual_job_support,yes,5,5,,individual_job_support,more,0,increase,yes,2012/13
p7,Split,vcs,Leeds; Narnia,80,50000,70,30,individual_job_support,yes,5,5,Leeds: 1; Narnia: 1,individual_job_support,more,approx 4000,increase,yes,2012/13
p8,Ghost,other,Glasgow City,80,50000,70,30,individual_job_support,no,,,,,,,maybe,yes,2012/13
p8b,Ghost,other,Glasgow City,80,50000,70,30,individual_job_support,no,,,,,,,maybe,yes,2012/13
p9,Moved On,vcs,Leeds,80,50000,70,30,individual_job_support,no,,,,,,,increase,yes,2012/13
p9b,Moved On,vcs,Leeds,90,50000,70,30,individual_job_support,no,,,,,,,increase,yes,2012/13
p10,Central,Other - DWP,Leeds,80,50000,70,30,individual_job_support,no,,,,,,Less than £5000,increase,yes,2012/13
";

#[test]
fn every_check_fires_on_its_planted_case() {
    let ws = Ws::new();
    ws.drop_bytes("pb_planted.csv", PLANTED.as_bytes());
    ws.run();
    let rules = queue_rules(&ws);
    let fired = |rule: &str, who: &str| {
        assert!(
            rules.iter().any(|(r, s, _)| r == rule && s == who),
            "{rule} on {who}: {rules:#?}"
        );
    };
    fired("pct_out_of_range", "Over Count");
    fired("pb_users_exceed_people", "Over Count");
    fired("pb_branch_missing", "Silent Branch");
    fired("pb_branch_contradiction", "Contrary");
    fired("bought_not_provided", "Buys Other");
    fired("funded_but_never_asked", "Buys Other");
    fired("pb_less_likely", "Buys Other");
    fired("pb_income_exceeds_spend", "Rich");
    fired("income_without_users", "Rich");
    fired("users_without_income", "Free");
    fired("la_breakdown_mismatch", "Split");
    fired("unknown_authority", "Split");
    fired("approximate_value", "Split");
    fired("unrecognised_value", "Ghost");
    fired("duplicate_response", "Ghost");
    fired("outside_england", "Ghost");
    fired("resubmitted_changed", "Moved On");
    fired("org_type_recoded", "Central");
    fired("income_band_only", "Central");
    // The one who said no to contact is marked in the question.
    let store = Store::open(&ws.workspace().state_db()).expect("store");
    let less = jobtally::store::anomalies::all(store.conn())
        .expect("anomalies")
        .into_iter()
        .find(|a| a.rule == "pb_less_likely")
        .expect("pb_less_likely");
    assert!(
        less.message.contains("no consent to contact"),
        "{}",
        less.message
    );
    // Glasgow is kept, as Scotland's.
    let by = table(&ws, "pb_by_authority");
    let glasgow = row(&by, &[("authority", "Glasgow City")]);
    assert_eq!(
        by.column("nation")
            .expect("nation")
            .str()
            .expect("str")
            .get(glasgow),
        Some("scotland")
    );
    // The count above the people supported is left out of Table 1.
    let users = table(&ws, "pb_users");
    let last = row(&users, &[("window", "last_fy")]);
    assert_eq!(f(&users, last, "max"), Some(5.0));
}

#[test]
fn providers_against_what_their_commissioners_said() {
    let ws = Ws::new();
    ws.drop_bytes("pb_keyed.csv", CLEAN.as_bytes());
    // Leeds' commissioner says PBs may not buy employment support; Bradford's
    // does not know whether they do.
    ws.drop_bytes(
        "spend_survey.csv",
        b"response_id,authority,pb_allowed,pb_used,spend_social_care_2012_13\n\
          s1,Leeds,no,know_no,100000\n\
          s2,Bradford,yes,dont_know,50000\n",
    );
    ws.run();
    let by = table(&ws, "pb_by_authority");
    let leeds = row(&by, &[("authority", "Leeds")]);
    let text = |col: &str, i: usize| {
        by.column(col)
            .expect(col)
            .str()
            .expect("str")
            .get(i)
            .map(str::to_string)
    };
    assert_eq!(
        text("commissioner_pb_allowed", leeds).as_deref(),
        Some("no")
    );
    let rules = queue_rules(&ws);
    assert!(
        rules
            .iter()
            .any(|(r, _, f)| r == "pb_used_contradicts_commissioner" && f == "pb_allowed"),
        "{rules:#?}"
    );
    assert!(
        rules.iter().any(|(r, _, _)| r == "commissioner_unaware"),
        "{rules:#?}"
    );
}

#[test]
fn the_template_is_a_keyed_sheet_that_reads_back() {
    let ws = Ws::new();
    let sheet = ws.dir.path().join("pb.xlsx");
    ws.cmd()
        .args(["template", "--kind", "provider_pb", "--out"])
        .arg(&sheet)
        .assert()
        .success();
    let bytes = std::fs::read(&sheet).expect("template");
    let limits = Default::default();
    let schema = jobtally::ingest::Schema::builtin();
    let grids = jobtally::ingest::workbook::read_workbook(&bytes, "xlsx", &limits).expect("grids");
    let keys: Vec<String> = grids[0].rows[0]
        .iter()
        .filter_map(|c| c.as_text().map(str::to_string))
        .collect();
    for key in [
        "org_name",
        "pb_funding_18m",
        "provides",
        "pct_ld",
        "pb_users_last_fy",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
    }
    let row: Vec<&str> = keys
        .iter()
        .map(|k| match k.as_str() {
            "org_name" => "Acme Jobs",
            "las_served" => "Leeds",
            "pb_funding_18m" => "yes",
            "pct_ld" => "60",
            "provides" => "individual_job_support;self_employment",
            "pb_users_last_fy" => "4",
            "period" => "2012/13",
            _ => "",
        })
        .collect();
    let csv = format!("{}\n{}\n", keys.join(","), row.join(","));
    let read =
        jobtally::kinds::read::read_bytes("pb.csv", csv.as_bytes(), &limits, schema).expect("read");
    assert_eq!(read.returns.len(), 1);
    let r = &read.returns[0];
    assert_eq!(r.kind, jobtally::ingest::ReturnKind::ProviderPb);
    assert_eq!(r.number("pct_ld"), Some(60.0));
    assert_eq!(r.number("pct_mh"), Some(0.0));
    assert_eq!(
        r.text("provides"),
        Some("individual_job_support;self_employment")
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}
