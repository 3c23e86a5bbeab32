//! `jobtally demo` output through `jobtally run`: every service appears
//! with the figures recomputed here from the demo's own truth.

use jobtally::demo::{self, GROUPS, SUPPORT};

use crate::harness::*;

#[test]
fn demo_returns_read_back_to_their_truth() {
    let ws = Ws::new();
    ws.cmd()
        .args(["demo", "--services", "70", "--seed", "11"])
        .assert()
        .success();
    let out = ws.run();
    assert!(out.contains("0 files rejected"), "{out}");
    assert!(out.contains("1 file duplicate"), "{out}");
    assert!(out.contains("1 replaced by a resubmission"), "{out}");
    let truth = demo::generate(70, 11);
    let df = ws.services();
    assert_eq!(df.height(), truth.len(), "every service appears once");
    // Only interpretations were noted: demo mess is all readable.
    for r in ws.returns() {
        assert!(
            r.data
                .notes
                .iter()
                .all(|n| n.severity == jobtally::ingest::Severity::Info),
            "{}: {:?}",
            r.source_file,
            r.data.notes
        );
    }
    let mut by_focus = [0usize; 3];
    for s in &truth {
        let name = s.service_name.as_str();
        let rows: Vec<usize> = {
            let c = df
                .column("commissioner_as_sent")
                .expect("c")
                .str()
                .expect("s")
                .clone();
            let n = df
                .column("service_name")
                .expect("n")
                .str()
                .expect("s")
                .clone();
            let p = df.column("period").expect("p").str().expect("s").clone();
            (0..df.height())
                .filter(|&i| {
                    c.get(i) == Some(s.commissioner.as_str())
                        && n.get(i) == Some(name)
                        && p.get(i) == Some(s.period.as_str())
                })
                .collect()
        };
        assert_eq!(rows.len(), 1, "{} / {name} / {}", s.commissioner, s.period);
        let i = rows[0];
        let f = |c: &str| {
            df.column(c)
                .expect("column")
                .cast(&polars::prelude::DataType::Float64)
                .expect("cast")
                .f64()
                .expect("f64")
                .get(i)
        };
        let people = s.people_total as f64;
        let outcomes = s.outcomes_total as f64;
        let what = |m: &str| format!("{} / {name}: {m}", s.commissioner);
        assert_close(f("total_cost"), Some(s.total_cost), &what("total_cost"));
        assert_close(f("people_total"), Some(people), &what("people_total"));
        assert_close(f("outcomes_total"), Some(outcomes), &what("outcomes_total"));
        assert_close(
            f("cost_per_person"),
            Some(s.total_cost / people),
            &what("cost_per_person"),
        );
        assert_close(
            f("outcome_rate"),
            Some(outcomes / people),
            &what("outcome_rate"),
        );
        let cpo = (outcomes > 0.0).then(|| s.total_cost / outcomes);
        assert_close(f("cost_per_outcome"), cpo, &what("cost_per_outcome"));
        match s.outcome_types {
            Some(t) => {
                let share = |k: usize| (outcomes > 0.0).then(|| t[k] as f64 / outcomes);
                assert_close(f("share_new"), share(0), &what("share_new"));
                assert_close(f("share_retained"), share(1), &what("share_retained"));
                assert_close(
                    f("per100_new"),
                    Some(100.0 * t[0] as f64 / people),
                    &what("per100_new"),
                );
                assert_close(
                    f("per100_self_employed"),
                    Some(100.0 * t[2] as f64 / people),
                    &what("per100_self"),
                );
            }
            None => assert_close(f("share_new"), None, &what("share_new (not known)")),
        }
        for (k, g) in GROUPS.iter().enumerate().filter(|(_, g)| **g != "autism") {
            assert_close(
                f(&format!("people_{g}")),
                Some(s.people_groups[k] as f64),
                &what(g),
            );
        }
        let ld = s.people_groups[0] as f64 / people;
        let mh = s.people_groups[2] as f64 / people;
        let primary = if ld > 0.5 {
            "ld"
        } else if mh > 0.5 {
            "mh"
        } else {
            "mixed"
        };
        let got = df
            .column("primary_group")
            .expect("pg")
            .str()
            .expect("s")
            .get(i)
            .map(str::to_string);
        assert_eq!(got.as_deref(), Some(primary), "{}", what("primary_group"));
        by_focus[match s.focus {
            demo::Focus::Ld => 0,
            demo::Focus::Mh => 1,
            demo::Focus::Mixed => 2,
        }] += usize::from(got.as_deref() == Some(primary));
        let sli = s.support.map(|b| {
            let total = (b[0] + b[1] + b[2]) as f64;
            (b[0] as f64 + 3.0 * b[1] as f64 + 10.0 * b[2] as f64) / total
        });
        assert_close(f("sli"), sli, &what("sli"));
        let _ = SUPPORT;
    }
    assert_eq!(
        by_focus,
        [32, 31, 7],
        "the study's mix of LD, MH and mixed services"
    );
}

#[test]
fn demo_is_deterministic_per_seed() {
    let a = demo::generate(40, 5);
    let b = demo::generate(40, 5);
    let c = demo::generate(40, 6);
    let key = |v: &[demo::DemoService]| {
        v.iter()
            .map(|s| {
                (
                    s.service_name.clone(),
                    s.total_cost as i64,
                    s.outcomes_total,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
    assert_ne!(key(&a), key(&c));
}

#[test]
fn demo_looks_like_the_study() {
    let truth = demo::generate(70, 2013);
    let cpp: Vec<f64> = truth
        .iter()
        .map(|s| s.total_cost / s.people_total as f64)
        .collect();
    assert!(
        cpp.iter().all(|&c| (160.0..=10_100.0).contains(&c)),
        "cost per person within the study's range"
    );
    let rate: f64 = truth
        .iter()
        .map(|s| s.outcomes_total as f64 / s.people_total as f64)
        .sum::<f64>()
        / 70.0;
    assert!((0.30..=0.46).contains(&rate), "mean outcome rate {rate}");
    assert_eq!(
        truth.iter().filter(|s| s.outcomes_total == 0).count(),
        2,
        "two services without outcomes"
    );
}
