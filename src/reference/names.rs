//! Which council or provider a name denotes, however an officer wrote it.
//!
//! One resolver serves every place a council is named (a service's
//! commissioner, a survey's authority, a contract's area, a person record's
//! site, the tracker's sites, the reference files). A name is first reduced
//! to its *key* by naming rules ([`council_key`]): case, spacing and
//! punctuation go, `&` reads as "and", `St.` / `Saint` as `St`, county short
//! forms are spelled out (`Notts` -> Nottinghamshire), and the words that say
//! what kind of council it is rather than which ("London Borough of", `LB`,
//! `MBC`, "City Council", ", City of", ...) are dropped. Keys are compared
//! exactly first; then, for small typing slips only, by Damerau-Levenshtein
//! distance (the `strsim` crate).
//!
//! A wrong match is worse than none, so a near match is taken only when
//! - the slip is small for the name's length (none under 5 letters, one up
//!   to 8, two from 9),
//! - exactly one name is that near, and
//! - that name is a social-services authority, not one of the other councils
//!   of `other_councils.csv` (English districts, Welsh, Scottish and
//!   Northern Irish councils), which are known in order to stay unmatched.
//!
//! A name carrying other words ("York Mind", "Sutton College") is more than
//! two edits from any council, so it stays unmatched too.

use std::collections::HashMap;

use crate::ingest::text::normalise;

/// County and compass short forms officers use, spelled out.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("notts", "nottinghamshire"),
    ("herts", "hertfordshire"),
    ("glos", "gloucestershire"),
    ("gloucs", "gloucestershire"),
    ("lancs", "lancashire"),
    ("oxon", "oxfordshire"),
    ("northants", "northamptonshire"),
    ("bucks", "buckinghamshire"),
    ("cambs", "cambridgeshire"),
    ("leics", "leicestershire"),
    ("lincs", "lincolnshire"),
    ("worcs", "worcestershire"),
    ("warks", "warwickshire"),
    ("staffs", "staffordshire"),
    ("wilts", "wiltshire"),
    ("hants", "hampshire"),
    ("derbys", "derbyshire"),
    ("beds", "bedfordshire"),
    ("berks", "berkshire"),
    ("yorks", "yorkshire"),
    ("shrops", "shropshire"),
    ("northd", "northumberland"),
    ("saint", "st"),
    ("n", "north"),
    ("nth", "north"),
    ("s", "south"),
    ("sth", "south"),
    ("e", "east"),
    ("w", "west"),
    ("ne", "north east"),
    ("nw", "north west"),
    ("se", "south east"),
    ("sw", "south west"),
    ("gtr", "greater"),
    ("boro", "borough"),
    ("cncl", "council"),
];

/// Word runs at the start of a name that say what kind of council it is.
const PREFIXES: &[&[&str]] = &[
    &["the"],
    &["london", "borough", "of"],
    &["royal", "borough", "of"],
    &["metropolitan", "borough", "of"],
    &["county", "borough", "of"],
    &["borough", "of"],
    &["city", "and", "county", "of"],
    &["city", "of"],
    &["county", "of"],
    &["council", "of", "the"],
    &["lb", "of"],
    &["rb", "of"],
];

/// Word runs at the end: "Bristol, City of".
const SUFFIXES: &[&[&str]] = &[&["city", "of"], &["county", "of"]];

/// Words that say what kind of council it is, wherever they stand.
const DESIGNATORS: &[&str] = &[
    "council",
    "city",
    "county",
    "borough",
    "metropolitan",
    "district",
    "corporation",
    "unitary",
    "authority",
    "mbc",
    "mdc",
    "lbc",
    "lb",
    "rb",
    "rbc",
    "cc",
    "bc",
    "dc",
    "cbc",
    "ccc",
    "mb",
    "ua",
    "la",
];

/// A department named after the council ("Leeds City Council Adult Social
/// Care"): dropped only when the name also carries a council word, so that
/// an organisation's own name is never cut down to a council's.
const DEPARTMENTS: &[&[&str]] = &[
    &["adult", "social", "care"],
    &["adults", "social", "care"],
    &["adult", "social", "services"],
    &["adult", "services"],
    &["adults", "services"],
    &["social", "services"],
    &["social", "care"],
    &["commissioning", "team"],
    &["commissioning"],
];

fn strip_prefix_run(words: &mut Vec<String>, run: &[&str]) -> bool {
    if words.len() > run.len() && words.iter().zip(run).all(|(w, r)| w == r) {
        words.drain(..run.len());
        return true;
    }
    false
}

fn strip_suffix_run(words: &mut Vec<String>, run: &[&str]) -> bool {
    let n = words.len();
    if n > run.len() && words[n - run.len()..].iter().zip(run).all(|(w, r)| w == r) {
        words.truncate(n - run.len());
        return true;
    }
    false
}

/// The key of a council name: "Stockport MBC", "Stockport Metropolitan
/// Borough Council" and "stockport council" are all `stockport`; "LB of
/// Camden" is `camden`; "Notts CC" is `nottinghamshire`; "Bristol, City of"
/// is `bristol`. The City of London keeps its "city of".
pub fn council_key(text: &str) -> String {
    // Apostrophes and full stops join rather than split: "King's", "St.".
    let joined: String = text
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '.'))
        .collect();
    let mut words: Vec<String> = Vec::new();
    for w in normalise(&joined).split(' ').filter(|w| !w.is_empty()) {
        match SHORT_FORMS.iter().find(|(short, _)| *short == w) {
            Some((_, long)) => words.extend(long.split(' ').map(str::to_string)),
            None => words.push(w.to_string()),
        }
    }
    let designated = words.iter().any(|w| DESIGNATORS.contains(&w.as_str()));
    let had_city = words.iter().any(|w| w == "city");
    loop {
        let mut changed = false;
        for p in PREFIXES {
            changed |= strip_prefix_run(&mut words, p);
        }
        for s in SUFFIXES {
            changed |= strip_suffix_run(&mut words, s);
        }
        if designated {
            for d in DEPARTMENTS {
                changed |= strip_suffix_run(&mut words, d);
            }
        }
        if !changed {
            break;
        }
    }
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !DESIGNATORS.contains(w))
        .collect();
    match kept.as_slice() {
        [] => words.join(" "),
        ["london"] if had_city => "city of london".to_string(),
        _ => kept.join(" "),
    }
}

/// Words that say what kind of organisation a provider is, not which.
const PROVIDER_NOISE: &[&str] = &[
    "the", "ltd", "limited", "cic", "plc", "llp", "inc", "charity", "uk",
];

/// The key of a provider name: "The Shaw Trust Ltd" and "Shaw Trust" meet.
pub fn provider_key(text: &str) -> String {
    let n = normalise(text);
    let kept: Vec<&str> = n
        .split(' ')
        .filter(|w| !PROVIDER_NOISE.contains(w))
        .collect();
    if kept.is_empty() { n } else { kept.join(" ") }
}

/// How many typing slips a council name's key of this many letters may
/// carry.
pub fn council_slips(key: &str) -> usize {
    match letters(key) {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Providers are stricter: their names differ by a place's initials
/// ("Mind H&F", "Mind K&C"), so one slip, and only in a long name.
pub fn provider_slips(key: &str) -> usize {
    match letters(key) {
        0..=9 => 0,
        _ => 1,
    }
}

fn letters(key: &str) -> usize {
    key.chars().filter(|c| !c.is_whitespace()).count()
}

/// How a name was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found<T> {
    /// Its key is the key of the entry's name or of one of its aliases.
    Exact(T),
    /// A small typing slip away from exactly one entry.
    Near { entry: T, slips: usize },
    /// Its key is the key of several entries (a current and a former
    /// council of one name): the caller chooses.
    Several(Vec<T>),
    /// As near to two or more entries: nothing is taken.
    Ambiguous(Vec<T>),
    /// Nothing near enough.
    Unknown,
}

impl<T: Copy> Found<T> {
    pub fn entry(&self) -> Option<T> {
        match self {
            Found::Exact(e) | Found::Near { entry: e, .. } => Some(*e),
            _ => None,
        }
    }
}

/// Names and aliases of a list of entries, by key.
#[derive(Debug, Clone)]
pub struct NameIndex<T> {
    key_of: fn(&str) -> String,
    slips: fn(&str) -> usize,
    exact: HashMap<String, Vec<T>>,
}

impl<T: Copy + PartialEq> NameIndex<T> {
    /// `key_of` reduces a name to its key; `slips` says how many typing
    /// slips a key of that length may carry and still be matched.
    pub fn new(key_of: fn(&str) -> String, slips: fn(&str) -> usize) -> NameIndex<T> {
        NameIndex {
            key_of,
            slips,
            exact: HashMap::new(),
        }
    }

    /// Index an entry under its name and `|`-separated aliases.
    pub fn add(&mut self, entry: T, name: &str, aliases: &str) {
        for n in std::iter::once(name).chain(aliases.split('|')) {
            let key = (self.key_of)(n);
            if key.is_empty() {
                continue;
            }
            for k in [key.replace(' ', ""), key] {
                let slot = self.exact.entry(k).or_default();
                if !slot.contains(&entry) {
                    slot.push(entry);
                }
            }
        }
    }

    pub fn key(&self, text: &str) -> String {
        (self.key_of)(text)
    }

    /// The entries a name denotes exactly, near, or none.
    pub fn find(&self, text: &str) -> Found<T> {
        let key = self.key(text);
        if key.is_empty() {
            return Found::Unknown;
        }
        let squeezed = key.replace(' ', "");
        if let Some(hits) = self.exact.get(&key).or_else(|| self.exact.get(&squeezed)) {
            return match hits.as_slice() {
                [one] => Found::Exact(*one),
                many => Found::Several(many.to_vec()),
            };
        }
        let allowed = (self.slips)(&key);
        if allowed == 0 {
            return Found::Unknown;
        }
        let mut best: Option<(usize, Vec<T>)> = None;
        let length = key.chars().count();
        for (k, entries) in &self.exact {
            // Compare like with like: spaced keys with spaced keys. A key
            // whose length differs by more than the slips allowed is that
            // many edits away at least: no need to measure it.
            if k.contains(' ') != key.contains(' ') || k.chars().count().abs_diff(length) > allowed
            {
                continue;
            }
            let d = strsim::damerau_levenshtein(&key, k);
            if d > allowed {
                continue;
            }
            match &mut best {
                Some((bd, _)) if d > *bd => {}
                Some((bd, list)) if d == *bd => {
                    for e in entries {
                        if !list.contains(e) {
                            list.push(*e);
                        }
                    }
                }
                _ => best = Some((d, entries.clone())),
            }
        }
        match best {
            Some((slips, list)) if list.len() == 1 => Found::Near {
                entry: list[0],
                slips,
            },
            Some((_, list)) => Found::Ambiguous(list),
            None => Found::Unknown,
        }
    }

    /// Up to `n` entries whose keys look most like the name's (Jaro-Winkler
    /// similarity of at least 0.8, and within 0.04 of the best), for a
    /// warning's "did they mean".
    pub fn suggest(&self, text: &str, n: usize) -> Vec<T> {
        // Squeezed keys against squeezed keys: "stockpot hub" is like
        // "stockport".
        let key = self.key(text).replace(' ', "");
        let mut scored: Vec<(f64, &String, T)> = self
            .exact
            .iter()
            .filter(|(k, _)| !k.contains(' '))
            .flat_map(|(k, es)| {
                let s = strsim::jaro_winkler(&key, k);
                es.iter().map(move |e| (s, k, *e))
            })
            .filter(|(s, _, _)| *s >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        // Only those about as alike as the best: a clear favourite alone.
        let best = scored.first().map_or(0.0, |s| s.0);
        let mut out: Vec<T> = Vec::new();
        for (_, _, e) in scored.into_iter().filter(|s| s.0 >= best - 0.04) {
            if !out.contains(&e) {
                out.push(e);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_naming_rules() {
        for (name, key) in [
            ("Stockport MBC", "stockport"),
            ("Stockport Metropolitan Borough Council", "stockport"),
            ("LB Camden", "camden"),
            ("London Borough of Camden", "camden"),
            ("Ealing LBC", "ealing"),
            ("RB Greenwich", "greenwich"),
            ("Notts CC", "nottinghamshire"),
            ("Bristol, City of", "bristol"),
            ("City of York Council", "york"),
            ("St. Helens Council", "st helens"),
            ("Saint Helens", "st helens"),
            ("Brighton & Hove City Council", "brighton and hove"),
            ("Stockton-on-Tees BC", "stockton on tees"),
            (
                "King's Lynn and West Norfolk",
                "kings lynn and west norfolk",
            ),
            ("City of London Corporation", "city of london"),
            ("N Yorks CC", "north yorkshire"),
            ("Leeds City Council Adult Social Care", "leeds"),
            ("York Mind", "york mind"),
            ("Social Care Direct", "social care direct"),
        ] {
            assert_eq!(council_key(name), key, "{name}");
        }
    }

    #[test]
    fn near_matches_need_one_clear_winner() {
        let mut idx: NameIndex<usize> = NameIndex::new(council_key, council_slips);
        idx.add(0, "Harrow", "");
        idx.add(1, "Harlow", "");
        idx.add(2, "Stockport", "");
        assert_eq!(idx.find("Stokport MBC"), Found::Near { entry: 2, slips: 1 });
        assert_eq!(idx.find("Harlow DC"), Found::Exact(1));
        assert_eq!(idx.find("Harlowe"), Found::Near { entry: 1, slips: 1 });
        assert!(matches!(idx.find("Harow"), Found::Ambiguous(_)));
        assert_eq!(idx.find("Stockport Mind"), Found::Unknown);
        assert_eq!(idx.find("Bury"), Found::Unknown);
        assert_eq!(idx.suggest("Bexley", 3), Vec::<usize>::new());
        assert_eq!(idx.suggest("Stockpart", 3), vec![2]);
    }

    #[test]
    fn provider_keys_drop_company_words() {
        assert_eq!(provider_key("The Shaw Trust Ltd"), "shaw trust");
        assert_eq!(provider_key("Mind in Harrow"), "mind in harrow");
    }
}
