//! Council names as officers write them: every current authority spelled
//! in the styles seen on returns resolves to its own code, and names that
//! are not social-services authorities in England stay unmatched.

use jobtally::reference::{Authority, AuthorityMatch, Reference};
use proptest::prelude::*;

/// The county short forms officers use, the other way round.
const SHORT: &[(&str, &str)] = &[
    ("Nottinghamshire", "Notts"),
    ("Hertfordshire", "Herts"),
    ("Gloucestershire", "Glos"),
    ("Lancashire", "Lancs"),
    ("Oxfordshire", "Oxon"),
    ("Buckinghamshire", "Bucks"),
    ("Cambridgeshire", "Cambs"),
    ("Leicestershire", "Leics"),
    ("Lincolnshire", "Lincs"),
    ("Worcestershire", "Worcs"),
    ("Warwickshire", "Warks"),
    ("Staffordshire", "Staffs"),
    ("Wiltshire", "Wilts"),
    ("Hampshire", "Hants"),
    ("Derbyshire", "Derbys"),
    ("Bedfordshire", "Beds"),
    ("Berkshire", "Berks"),
    ("Yorkshire", "Yorks"),
    ("Shropshire", "Shrops"),
];

/// The council-type words that fit an authority.
fn designators(a: &Authority) -> Vec<(&'static str, &'static str)> {
    let mut d = vec![("", " Council"), ("", ""), ("The ", " Council")];
    match a.kind.as_str() {
        "London borough" => d.extend([
            ("London Borough of ", ""),
            ("LB ", ""),
            ("LB of ", ""),
            ("", " LBC"),
            ("", " London Borough Council"),
            ("London Borough of ", " Council"),
        ]),
        "Metropolitan district" => d.extend([
            ("", " MBC"),
            ("", " MDC"),
            ("", " Metropolitan Borough Council"),
            ("", " City Council"),
        ]),
        "County council" => d.extend([("", " CC"), ("", " County Council")]),
        _ => d.extend([
            ("", " Borough Council"),
            ("", " City Council"),
            ("City of ", " Council"),
            ("", " UA"),
        ]),
    }
    d
}

/// A name written in several hands: the reference name with and without
/// its designators, `&` for "and", hyphens as spaces, St./Saint, county
/// short forms, upper and lower case, "X, City of".
fn spellings(a: &Authority) -> Vec<String> {
    let base = a
        .name
        .trim_end_matches(", City of")
        .trim_end_matches(", County of")
        .to_string();
    let mut bases = vec![base.clone()];
    bases.push(base.replace(" and ", " & "));
    bases.push(base.replace('-', " "));
    bases.push(base.replace("St. ", "St ").replace("St ", "Saint "));
    for (long, short) in SHORT {
        if base.contains(long) {
            bases.push(base.replace(long, short));
        }
    }
    let mut out = vec![format!("{base}, City of")];
    for b in &bases {
        for (pre, post) in designators(a) {
            out.push(format!("{pre}{b}{post}"));
        }
        out.push(b.to_uppercase());
        out.push(format!("  {}  council ", b.to_lowercase()));
    }
    out.sort();
    out.dedup();
    out
}

/// One typing slip in a name: a letter dropped, doubled, swapped with the
/// next, or changed, at `at`.
fn slip(name: &str, kind: u8, at: usize) -> String {
    let mut c: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (0..c.len()).filter(|&i| c[i].is_alphabetic()).collect();
    let i = letters[at % letters.len()];
    match kind % 4 {
        0 => {
            c.remove(i);
        }
        1 => c.insert(i, c[i]),
        2 if i + 1 < c.len() && c[i + 1].is_alphabetic() => c.swap(i, i + 1),
        _ => c[i] = if c[i] == 'e' { 'a' } else { 'e' },
    }
    c.into_iter().collect()
}

fn current(r: &Reference) -> Vec<&Authority> {
    r.authorities
        .iter()
        .filter(|a| a.status == "current")
        .collect()
}

#[test]
fn every_authority_in_every_style_resolves_to_its_own_code() {
    let r = Reference::builtin().expect("reference data");
    let authorities = current(&r);
    assert_eq!(authorities.len(), 153);
    let (mut right, mut total) = (0usize, 0usize);
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    for a in &authorities {
        for s in spellings(a) {
            total += 1;
            match r.authority(&s) {
                Some(b) if b.code == a.code => right += 1,
                Some(b) => wrong.push(format!("{s:?} -> {} (should be {})", b.name, a.name)),
                None => missed.push(s),
            }
        }
    }
    assert!(wrong.is_empty(), "wrong codes: {wrong:#?}");
    let share = right as f64 / total as f64;
    assert!(
        share >= 0.97,
        "{right} of {total} spellings resolved ({:.1} %); missed: {missed:#?}",
        100.0 * share
    );
}

fn builtin() -> &'static Reference {
    static REFERENCE: std::sync::OnceLock<Reference> = std::sync::OnceLock::new();
    REFERENCE.get_or_init(|| Reference::builtin().expect("reference data"))
}

#[test]
fn one_typing_slip_in_a_long_name_is_read_with_a_note_and_never_wrongly() {
    let r = Reference::builtin().expect("reference data");
    let (mut right, mut total) = (0usize, 0usize);
    let mut wrong = Vec::new();
    for a in current(&r) {
        for (kind, at) in [(0u8, 1usize), (1, 3), (2, 2), (3, 4), (0, 5)] {
            let written = format!("{} Council", slip(&a.name, kind, at));
            let m = r.resolve_authority(&written);
            total += 1;
            match m.authority() {
                Some(b) if b.code == a.code => {
                    right += 1;
                    if !matches!(m, AuthorityMatch::Exact(_)) {
                        assert!(m.read_as().is_some(), "{written}: a near match says so");
                    }
                }
                Some(b) => wrong.push(format!("{written:?} -> {}", b.name)),
                None => {}
            }
        }
    }
    assert!(wrong.is_empty(), "wrong codes: {wrong:#?}");
    // Short names (Bury, Kent, Brent) take no slips: a wrong match is worse
    // than none. Most names are long enough.
    assert!(right * 10 >= total * 8, "{right} of {total}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Any one slip at any place, in any case: a near match is always the
    /// right council.
    #[test]
    fn a_slip_anywhere_never_gives_another_council(
        which in 0usize..153, kind in 0u8..4, at in 0usize..40, upper in any::<bool>()
    ) {
        let r = builtin();
        let authorities = current(r);
        let a = authorities[which];
        let mut written = slip(&a.name, kind, at);
        if upper {
            written = written.to_uppercase();
        }
        // A slip can spell another council outright (Hertfordshire with
        // one letter changed is Herefordshire): only a near match is the
        // resolver's guess, and a guess must be right.
        if let AuthorityMatch::Near { authority: b, .. } = r.resolve_authority(&written) {
            prop_assert_eq!(&b.code, &a.code, "{:?} read as {}", written, b.name);
        }
    }
}

#[test]
fn names_that_are_not_authorities_stay_unmatched() {
    let r = Reference::builtin().expect("reference data");
    for name in [
        // Organisations named after a place.
        "York Mind",
        "Sutton College",
        "Leeds Mencap",
        "Camden Society",
        "Barnet Enfield and Haringey Mental Health Trust",
        "Kent Supported Employment",
        "Richmond Fellowship",
        "Newham College of Further Education",
        "Birmingham Voluntary Service Council",
        "NHS Stockport CCG",
        "Shaw Trust",
        // District councils, one of them a letter from a London borough.
        "Harlow District Council",
        "Harlow",
        "Cherwell DC",
        "Oxford City Council",
        "Lancaster City Council",
        "Stafford Borough Council",
        "Harrogate Borough Council",
        "Newcastle-under-Lyme BC",
        // Councils outside England.
        "Cardiff Council",
        "Newport City Council",
        "Glasgow City Council",
        "Fife Council",
        "Belfast City Council",
        "Wrexham County Borough Council",
        // Nothing to go on.
        "Council",
        "City Council",
        "",
    ] {
        assert!(
            r.authority(name).is_none(),
            "{name:?} was read as {:?}",
            r.authority(name).map(|a| &a.name)
        );
    }
    assert!(matches!(
        r.resolve_authority("Cardiff Council"),
        AuthorityMatch::NotAnAuthority(_)
    ));
}

#[test]
fn the_issue_spellings_resolve() {
    let r = Reference::builtin().expect("reference data");
    for (name, code) in [
        ("LB Camden", "E09000007"),
        ("Notts CC", "E10000024"),
        ("Ealing LBC", "E09000009"),
        ("LB Newham", "E09000025"),
        ("London Borough of Newham", "E09000025"),
        ("Birmingham CC", "E08000025"),
        ("birmingham city council", "E08000025"),
        ("RBKC", "E09000020"),
        ("B&NES", "E06000022"),
        ("Hull", "E06000010"),
        ("Bristol, City of", "E06000023"),
        ("Herts County Council", "E10000015"),
        ("Stoke-on-Trent City Council", "E06000021"),
        ("Leeds City Council Adult Social Care", "E08000035"),
    ] {
        assert_eq!(
            r.authority(name).map(|a| a.code.as_str()),
            Some(code),
            "{name}"
        );
    }
}

mod in_the_tables {
    use jobtally::store::Store;
    use jobtally::store::anomalies;

    use crate::harness::*;

    const HEADER: &str = "service_name,commissioner,period,total_cost,people_total,people_ld,people_mh,people_other,people_support_lt7,people_support_7_40,people_support_gt40,outcomes_total,outcomes_new,outcomes_retained,outcomes_self_employed\n";

    fn service(commissioner: &str, outcomes: u32) -> String {
        format!(
            "{HEADER}IPS Service,{commissioner},2012/13,120000,100,80,10,10,55,40,5,{outcomes},{outcomes},0,0\n"
        )
    }

    #[test]
    fn one_authority_however_each_file_spells_it() {
        let ws = Ws::new();
        ws.drop_bytes("a.csv", service("Birmingham CC", 40).as_bytes());
        ws.run();
        // A corrected return that spells its council otherwise replaces the first.
        ws.drop_bytes("b.csv", service("birmingham city council", 45).as_bytes());
        ws.run();
        let df = ws.services();
        assert_eq!(df.height(), 1, "{df}");
        assert_eq!(
            cell_str(&df, "IPS Service", "commissioner").as_deref(),
            Some("Birmingham")
        );
        assert_eq!(
            cell_str(&df, "IPS Service", "commissioner_as_sent").as_deref(),
            Some("birmingham city council")
        );
        assert_eq!(
            cell_str(&df, "IPS Service", "authority_code").as_deref(),
            Some("E08000025")
        );
        assert_eq!(cell_f64(&df, "IPS Service", "outcomes_total"), Some(45.0));
        let sites = table(&ws, "sites");
        assert_eq!(sites.height(), 1, "{sites}");
    }

    #[test]
    fn a_ledger_from_before_is_rekeyed_once() {
        let ws = Ws::new();
        ws.drop_bytes("a.csv", service("Birmingham CC", 40).as_bytes());
        ws.run();
        {
            // As an earlier jobtally left it: identities by the spelling.
            let s = Store::open(&ws.path("state.db")).expect("store");
            s.conn()
                .execute_batch(
                    "UPDATE returns SET identity = 'birmingham cc' || char(31) || 'ips service' || char(31) || '2012/13';
                     UPDATE anomalies SET identity = 'birmingham cc' || char(31) || 'ips service' || char(31) || '2012/13';
                     PRAGMA user_version = 2;",
                )
                .expect("old ledger");
        }
        ws.drop_bytes("b.csv", service("Birmingham City Council", 45).as_bytes());
        ws.run();
        let df = ws.services();
        assert_eq!(df.height(), 1, "{df}");
        assert_eq!(cell_f64(&df, "IPS Service", "outcomes_total"), Some(45.0));
    }

    #[test]
    fn a_slip_is_read_with_an_info_note_and_a_district_is_asked_about() {
        let ws = Ws::new();
        let mut csv = service("Stokport MBC", 40);
        csv.push_str("Harlow Project,Harlow District Council,2012/13,120000,100,80,10,10,55,40,5,40,40,0,0\n");
        ws.drop_bytes("a.csv", csv.as_bytes());
        ws.run();
        let df = ws.services();
        assert_eq!(
            cell_str(&df, "IPS Service", "commissioner").as_deref(),
            Some("Stockport")
        );
        assert_eq!(cell_str(&df, "Harlow Project", "authority_code"), None);
        let s = Store::open(&ws.path("state.db")).expect("store");
        let q = anomalies::all(s.conn()).expect("anomalies");
        let note = q
            .iter()
            .find(|a| a.rule == "commissioner_read_as")
            .expect("a read-as note");
        assert_eq!(note.severity.as_str(), "info");
        assert!(
            note.message
                .contains("\"Stokport MBC\" was read as Stockport"),
            "{}",
            note.message
        );
        let unknown = q
            .iter()
            .find(|a| a.rule == "unknown_commissioner")
            .expect("the district is asked about");
        assert!(
            unknown
                .message
                .contains("Harlow is a district council, with no social-services duties."),
            "{}",
            unknown.message
        );
    }

    #[test]
    fn person_records_from_two_spellings_are_one_site() {
        let ws = Ws::new();
        let head = "Person ID,Site,Cohort,Collection,Age,Gender,Employment status\n";
        ws.drop_bytes(
            "one.csv",
            format!("{head}p1,LB Newham,Jobs First,Baseline,24,Male,Not in work\n").as_bytes(),
        );
        ws.drop_bytes(
            "two.csv",
            format!(
                "{head}p2,London Borough of Newham,Jobs First,Baseline,31,Female,Not in work\n"
            )
            .as_bytes(),
        );
        ws.run();
        let cs = table(&ws, "cohort_profile");
        let sites: std::collections::BTreeSet<String> = cs
            .column("site")
            .expect("site")
            .str()
            .expect("str")
            .iter()
            .flatten()
            .map(str::to_string)
            .collect();
        assert_eq!(
            sites.into_iter().collect::<Vec<_>>(),
            vec!["Newham".to_string(), "all".to_string()]
        );
    }
}
