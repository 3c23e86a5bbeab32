//! Reference data in `config/reference/` (compiled in): the authorities,
//! the evidence-based register and the benchmarks. A file of the same name
//! in `<workspace>/reference/` replaces the shipped one for that workspace.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::ingest::text::normalise;

const AUTHORITIES: &str = include_str!("../config/reference/authorities.csv");
const EVIDENCE_BASED: &str = include_str!("../config/reference/evidence_based.csv");
const BENCHMARKS: &str = include_str!("../config/reference/benchmarks.toml");
const PROVIDERS: &str = include_str!("../config/reference/provider_register.csv");
const AREAS: &str = include_str!("../config/reference/area_reference.csv");

/// A provider of employment support (`provider_register.csv`).
#[derive(Debug, Clone, Deserialize)]
pub struct Provider {
    pub provider: String,
    #[serde(default)]
    pub aliases: String,
    /// `national`, `local` or `other`.
    pub tier: String,
    #[serde(default)]
    pub funders: String,
    #[serde(default)]
    pub client_groups: String,
    /// Non-blank: funded, but not counted as locally commissioned.
    #[serde(default)]
    pub excluded_reason: String,
    #[serde(default)]
    pub pilot_start: String,
    #[serde(default)]
    pub pilot_end: String,
    #[serde(default)]
    pub source: String,
}

/// One figure about an area and client group (`area_reference.csv`):
/// a population denominator, a need indicator or an employment rate.
#[derive(Debug, Clone, Deserialize)]
pub struct AreaFigure {
    pub area: String,
    #[serde(default)]
    pub aliases: String,
    /// `area` (an area of this workspace) or `comparator`.
    pub area_type: String,
    pub client_group: String,
    pub measure: String,
    #[serde(default)]
    pub label: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub period: String,
    /// `;`-separated roles: per_head, need, rate_base, rate.
    #[serde(default)]
    pub r#use: String,
}

/// One row of `<workspace>/reference/expected.csv`: how many people a
/// site was asked for in a cohort at a collection point.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    pub site: String,
    pub cohort: String,
    pub collection: String,
    pub expected: Option<f64>,
}

/// Names and aliases (`|`-separated) by normalised wording.
fn name_index<'a>(
    entries: impl Iterator<Item = (usize, &'a str, &'a str)>,
) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, name, aliases) in entries {
        for n in std::iter::once(name).chain(aliases.split('|')) {
            let key = normalise(n);
            if !key.is_empty() {
                index.entry(key).or_insert(i);
            }
        }
    }
    index
}

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("reference file {file}: {detail}")]
    Invalid { file: String, detail: String },
    #[error("reading reference file {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct Authority {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: String,
    pub region: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EvidenceBased {
    pub commissioner: String,
    pub service_name: String,
    pub model: String,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Lower,
    Higher,
    Inside,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub metric: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub better: Better,
    #[serde(default)]
    pub groups: Vec<String>,
    pub label: String,
    pub source: String,
}

impl Band {
    /// Whether the band applies to a group (ld, mh, mixed, all, ...): a
    /// band with no `groups` applies to every group.
    pub fn applies_to(&self, group: &str) -> bool {
        self.groups.is_empty() || self.groups.iter().any(|g| g == group)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefPoint {
    pub name: String,
    pub metric: String,
    pub value: f64,
    pub label: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmarks {
    #[serde(default)]
    pub band: Vec<Band>,
    #[serde(default)]
    pub reference: Vec<RefPoint>,
}

/// Everything the pipeline joins against.
#[derive(Debug, Clone)]
pub struct Reference {
    pub authorities: Vec<Authority>,
    by_key: HashMap<String, Vec<usize>>,
    pub evidence_based: Vec<EvidenceBased>,
    pub benchmarks: Benchmarks,
    pub providers: Vec<Provider>,
    provider_index: HashMap<String, usize>,
    pub areas: Vec<AreaFigure>,
    area_index: HashMap<String, usize>,
    /// The collection tracker's targets; none unless the workspace has
    /// `reference/expected.csv` (nothing is expected by default).
    pub expected: Vec<Expected>,
}

/// Words that say what kind of council it is, not which.
const NOISE: &[&str] = &[
    "council",
    "city",
    "county",
    "borough",
    "metropolitan",
    "mbc",
    "mdc",
    "cc",
    "bc",
    "dc",
    "the",
    "district",
    "corporation",
    "unitary",
    "authority",
    "la",
];
const PREFIXES: &[&str] = &[
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of ",
    "city of ",
    "county of ",
];
const SUFFIXES: &[&str] = &[" city of", " county of"];

/// The matching key of an authority name as people type it:
/// "Stockport MBC", "Stockport Metropolitan Borough Council" -> "stockport".
pub fn authority_key(text: &str) -> String {
    let mut n = normalise(text).replace("saint ", "st ");
    loop {
        let before = n.clone();
        for p in PREFIXES {
            if let Some(rest) = n.strip_prefix(p) {
                n = rest.to_string();
            }
        }
        for s in SUFFIXES {
            if let Some(rest) = n.strip_suffix(s) {
                n = rest.to_string();
            }
        }
        if n == before {
            break;
        }
    }
    let kept: Vec<&str> = n.split(' ').filter(|w| !NOISE.contains(w)).collect();
    if kept.is_empty() { n } else { kept.join(" ") }
}

fn read_override(workspace: Option<&Path>, file: &str) -> Result<Option<String>, ReferenceError> {
    let Some(ws) = workspace else { return Ok(None) };
    let path = ws.join("reference").join(file);
    if !path.exists() {
        return Ok(None);
    }
    std::fs::read_to_string(&path)
        .map(Some)
        .map_err(|source| ReferenceError::Read {
            file: path.display().to_string(),
            source,
        })
}

fn parse_csv<T: for<'de> Deserialize<'de>>(
    text: &str,
    file: &str,
) -> Result<Vec<T>, ReferenceError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| ReferenceError::Invalid {
            file: file.to_string(),
            detail: e.to_string(),
        })
}

impl Reference {
    /// The shipped reference data, with the workspace's own files in their place.
    pub fn load(workspace: Option<&Path>) -> Result<Reference, ReferenceError> {
        let authorities_text =
            read_override(workspace, "authorities.csv")?.unwrap_or_else(|| AUTHORITIES.to_string());
        let evidence_text = read_override(workspace, "evidence_based.csv")?
            .unwrap_or_else(|| EVIDENCE_BASED.to_string());
        let bench_text =
            read_override(workspace, "benchmarks.toml")?.unwrap_or_else(|| BENCHMARKS.to_string());
        let authorities: Vec<Authority> = parse_csv(&authorities_text, "authorities.csv")?;
        let providers_text = read_override(workspace, "provider_register.csv")?
            .unwrap_or_else(|| PROVIDERS.to_string());
        let areas_text =
            read_override(workspace, "area_reference.csv")?.unwrap_or_else(|| AREAS.to_string());
        let providers: Vec<Provider> = parse_csv(&providers_text, "provider_register.csv")?;
        let areas: Vec<AreaFigure> = parse_csv(&areas_text, "area_reference.csv")?;
        let expected: Vec<Expected> = match read_override(workspace, "expected.csv")? {
            Some(text) => parse_csv(&text, "expected.csv")?,
            None => Vec::new(),
        };
        let provider_index = name_index(
            providers
                .iter()
                .enumerate()
                .map(|(i, p)| (i, p.provider.as_str(), p.aliases.as_str())),
        );
        let area_index = name_index(
            areas
                .iter()
                .enumerate()
                .map(|(i, a)| (i, a.area.as_str(), a.aliases.as_str())),
        );
        let evidence_based = parse_csv(&evidence_text, "evidence_based.csv")?;
        let benchmarks: Benchmarks =
            toml::from_str(&bench_text).map_err(|e| ReferenceError::Invalid {
                file: "benchmarks.toml".into(),
                detail: e.to_string(),
            })?;
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in authorities.iter().enumerate() {
            let names = std::iter::once(a.name.as_str())
                .chain(a.aliases.split('|').filter(|s| !s.trim().is_empty()));
            for name in names {
                let entry = by_key.entry(authority_key(name)).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
        }
        Ok(Reference {
            authorities,
            by_key,
            evidence_based,
            benchmarks,
            providers,
            provider_index,
            areas,
            area_index,
            expected,
        })
    }

    /// The registered provider a name denotes (its name or an alias).
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        self.provider_index
            .get(&normalise(name))
            .map(|&i| &self.providers[i])
    }

    /// The area a name denotes, as `area_reference.csv` names it (the union
    /// of aliases over the area's rows counts).
    pub fn area(&self, name: &str) -> Option<&str> {
        self.area_index
            .get(&normalise(name))
            .map(|&i| self.areas[i].area.as_str())
    }

    /// The shipped data only (for tests and tools with no workspace).
    pub fn builtin() -> Result<Reference, ReferenceError> {
        Reference::load(None)
    }

    /// The authority a commissioner name denotes, however typed. Where a
    /// name fits a current and a former council (North Yorkshire), the
    /// current one.
    pub fn authority(&self, commissioner: &str) -> Option<&Authority> {
        let hits = self.by_key.get(&authority_key(commissioner))?;
        hits.iter()
            .map(|&i| &self.authorities[i])
            .min_by_key(|a| (a.status != "current", a.code.clone()))
    }

    /// The nearest authority by edit distance of the matching keys, for
    /// suggesting what an unknown commissioner may mean.
    pub fn nearest_authority(&self, commissioner: &str) -> Option<(&Authority, usize)> {
        let key = authority_key(commissioner);
        self.by_key
            .iter()
            .map(|(k, idx)| (levenshtein(&key, k), idx[0]))
            .min()
            .map(|(d, i)| (&self.authorities[i], d))
    }

    /// The evidence-based register entry for a service, if any.
    pub fn evidence_based(&self, commissioner: &str, service_name: &str) -> Option<&EvidenceBased> {
        let code = self.authority(commissioner).map(|a| a.code.clone());
        let ckey = authority_key(commissioner);
        let skey = normalise(service_name);
        self.evidence_based.iter().find(|e| {
            let same_commissioner = match (&code, self.authority(&e.commissioner)) {
                (Some(c), Some(a)) => *c == a.code,
                _ => authority_key(&e.commissioner) == ckey,
            };
            same_commissioner && normalise(&e.service_name) == skey
        })
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: &Reference, name: &str) -> Option<String> {
        r.authority(name).map(|a| a.code.clone())
    }

    #[test]
    fn authorities_match_however_typed() {
        let r = Reference::builtin().expect("reference");
        assert_eq!(
            r.authorities
                .iter()
                .filter(|a| a.status == "current")
                .count(),
            153
        );
        for name in [
            "Stockport MBC",
            "Stockport Metropolitan Borough Council",
            "stockport council",
            "STOCKPORT",
        ] {
            assert_eq!(code(&r, name).as_deref(), Some("E08000007"), "{name}");
        }
        assert_eq!(
            code(&r, "London Borough of Camden").as_deref(),
            Some("E09000007")
        );
        assert_eq!(
            code(&r, "Royal Borough of Greenwich").as_deref(),
            Some("E09000011")
        );
        assert_eq!(code(&r, "Hull City Council").as_deref(), Some("E06000010"));
        assert_eq!(
            code(&r, "Bristol City Council").as_deref(),
            Some("E06000023")
        );
        assert_eq!(
            code(&r, "Durham County Council").as_deref(),
            Some("E06000047")
        );
        assert_eq!(
            code(&r, "Brighton & Hove City Council").as_deref(),
            Some("E06000043")
        );
        assert_eq!(
            code(&r, "City of York Council").as_deref(),
            Some("E06000014")
        );
        assert_eq!(code(&r, "St Helens Council").as_deref(), Some("E08000013"));
        assert_eq!(
            code(&r, "Leicester City Council").as_deref(),
            Some("E06000016")
        );
        assert_eq!(
            code(&r, "Leicestershire County Council").as_deref(),
            Some("E10000018")
        );
        assert_eq!(
            code(&r, "North Yorkshire County Council").as_deref(),
            Some("E06000065"),
            "current preferred"
        );
        assert_eq!(
            code(&r, "City of London Corporation").as_deref(),
            Some("E09000001")
        );
        assert_eq!(code(&r, "NHS Stockport CCG"), None);
        assert_eq!(
            r.authority("Stockport MBC").map(|a| a.region.as_str()),
            Some("North West")
        );
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let r = Reference::builtin().expect("reference");
        let (a, d) = r.nearest_authority("Stokport MBC").expect("suggestion");
        assert_eq!(a.name, "Stockport");
        assert_eq!(d, 1);
    }

    #[test]
    fn demo_authorities_all_match() {
        let r = Reference::builtin().expect("reference");
        for s in crate::demo::generate(70, 1) {
            assert!(r.authority(&s.commissioner).is_some(), "{}", s.commissioner);
        }
    }

    #[test]
    fn benchmarks_parse() {
        let r = Reference::builtin().expect("reference");
        assert!(
            r.benchmarks
                .band
                .iter()
                .any(|b| b.metric == "cost_per_outcome"
                    && b.low == Some(1600.0)
                    && b.high == Some(4000.0))
        );
    }
}
