//! Reference data in `config/reference/` (compiled in): the authorities,
//! the evidence-based register and the benchmarks. A file of the same name
//! in `<workspace>/reference/` replaces the shipped one for that workspace.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::ingest::text::normalise;

mod councils;
pub mod names;

pub use councils::{
    AuthorityMatch, Council, OtherCouncil, OtherKind, authority_key, council_identity,
};

pub use names::{Found, NameIndex, council_key, provider_key};

const AUTHORITIES: &str = include_str!("../../config/reference/authorities.csv");
const EVIDENCE_BASED: &str = include_str!("../../config/reference/evidence_based.csv");
const BENCHMARKS: &str = include_str!("../../config/reference/benchmarks.toml");
const PROVIDERS: &str = include_str!("../../config/reference/provider_register.csv");
const AREAS: &str = include_str!("../../config/reference/area_reference.csv");
const OTHER_COUNCILS: &str = include_str!("../../config/reference/other_councils.csv");
const DEVOLVED: &str = include_str!("../../config/reference/devolved_authorities.csv");

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

/// A council area of Scotland, Wales or Northern Ireland
/// (`devolved_authorities.csv`): known, kept and marked by its nation,
/// never read as an English authority.
#[derive(Debug, Clone, Deserialize)]
pub struct Devolved {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: String,
    /// `scotland`, `wales` or `northern_ireland`.
    pub nation: String,
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
    pub other_councils: Vec<OtherCouncil>,
    councils: NameIndex<Council>,
    pub evidence_based: Vec<EvidenceBased>,
    /// The register's rows by normalised service name, in file order: a
    /// run asks about every one of thousands of services.
    evidence_index: HashMap<String, Vec<usize>>,
    pub benchmarks: Benchmarks,
    pub providers: Vec<Provider>,
    provider_index: NameIndex<usize>,
    pub areas: Vec<AreaFigure>,
    area_index: NameIndex<usize>,
    /// The collection tracker's targets; none unless the workspace has
    /// `reference/expected.csv` (nothing is expected by default).
    pub expected: Vec<Expected>,
    pub devolved: Vec<Devolved>,
    devolved_index: NameIndex<usize>,
    /// A digest of every text it was read from: two loads with the same
    /// fingerprint hold the same data.
    fingerprint: [u8; 32],
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

/// A digest of texts, each with its length first so that no two lists of
/// texts run together into the same bytes.
fn fingerprint(texts: &[&str]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for t in texts {
        h.update((t.len() as u64).to_le_bytes());
        h.update(t.as_bytes());
    }
    h.finalize().into()
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
        let expected_text = read_override(workspace, "expected.csv")?;
        let expected: Vec<Expected> = match &expected_text {
            Some(text) => parse_csv(text, "expected.csv")?,
            None => Vec::new(),
        };
        let mut provider_index = NameIndex::new(provider_key, names::provider_slips);
        for (i, p) in providers.iter().enumerate() {
            provider_index.add(i, &p.provider, &p.aliases);
        }
        // An area has a row per figure: index it once, under its first
        // row, with the aliases of all its rows.
        let mut area_index = NameIndex::new(council_key, names::council_slips);
        for (i, a) in areas.iter().enumerate() {
            let first = areas.iter().position(|b| b.area == a.area).unwrap_or(i);
            area_index.add(first, &a.area, &a.aliases);
        }
        let evidence_based: Vec<EvidenceBased> = parse_csv(&evidence_text, "evidence_based.csv")?;
        let mut evidence_index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in evidence_based.iter().enumerate() {
            evidence_index
                .entry(normalise(&e.service_name))
                .or_default()
                .push(i);
        }
        let benchmarks: Benchmarks =
            toml::from_str(&bench_text).map_err(|e| ReferenceError::Invalid {
                file: "benchmarks.toml".into(),
                detail: e.to_string(),
            })?;
        let other_text = read_override(workspace, "other_councils.csv")?
            .unwrap_or_else(|| OTHER_COUNCILS.to_string());
        let other_councils: Vec<OtherCouncil> = parse_csv(&other_text, "other_councils.csv")?;
        let devolved_text = read_override(workspace, "devolved_authorities.csv")?
            .unwrap_or_else(|| DEVOLVED.to_string());
        let devolved: Vec<Devolved> = parse_csv(&devolved_text, "devolved_authorities.csv")?;
        let mut devolved_index = NameIndex::new(council_key, names::council_slips);
        for (i, d) in devolved.iter().enumerate() {
            devolved_index.add(i, &d.name, &d.aliases);
        }
        let fingerprint = fingerprint(&[
            &authorities_text,
            &evidence_text,
            &bench_text,
            &providers_text,
            &areas_text,
            expected_text.as_deref().unwrap_or(""),
            &other_text,
            &devolved_text,
        ]);
        let mut councils = NameIndex::new(council_key, names::council_slips);
        for (i, a) in authorities.iter().enumerate() {
            councils.add(Council::Authority(i), &a.name, &a.aliases);
        }
        for (i, o) in other_councils.iter().enumerate() {
            councils.add(Council::Other(i), &o.name, &o.aliases);
        }
        Ok(Reference {
            authorities,
            other_councils,
            councils,
            evidence_based,
            evidence_index,
            benchmarks,
            providers,
            provider_index,
            areas,
            area_index,
            expected,
            devolved,
            devolved_index,
            fingerprint,
        })
    }

    /// What tells this reference data from other: see [`Reference::load`].
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// The Scottish, Welsh or Northern Irish council area a name denotes.
    pub fn devolved(&self, name: &str) -> Option<&Devolved> {
        self.devolved_index
            .find(name)
            .entry()
            .map(|i| &self.devolved[i])
    }

    /// The registered provider a name denotes (its name or an alias).
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        self.provider_index
            .find(name)
            .entry()
            .map(|i| &self.providers[i])
    }

    /// The area a name denotes, as `area_reference.csv` names it (the union
    /// of aliases over the area's rows counts).
    pub fn area(&self, name: &str) -> Option<&str> {
        self.area_index
            .find(name)
            .entry()
            .map(|i| self.areas[i].area.as_str())
    }

    /// The shipped data only (for tests and tools with no workspace).
    pub fn builtin() -> Result<Reference, ReferenceError> {
        Reference::load(None)
    }

    /// The evidence-based register entry for a service, if any.
    pub fn evidence_based(&self, commissioner: &str, service_name: &str) -> Option<&EvidenceBased> {
        // The service name first: most services are on no register, and
        // resolving a council costs more than looking up a name.
        let mut named = self
            .evidence_index
            .get(&normalise(service_name))?
            .iter()
            .map(|&i| &self.evidence_based[i]);
        let code = self.authority(commissioner).map(|a| a.code.as_str());
        let ckey = authority_key(commissioner);
        named.find(|e| match (code, self.authority(&e.commissioner)) {
            (Some(c), Some(a)) => c == a.code,
            _ => authority_key(&e.commissioner) == ckey,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_service_is_found_by_its_name_and_its_council() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("reference")).expect("reference dir");
        std::fs::write(
            dir.path().join("reference/evidence_based.csv"),
            "commissioner,service_name,model,source\n\
             Stockport MBC,Jobs First,supported employment,a\n\
             Leeds City Council,Jobs First,IPS,b\n",
        )
        .expect("register");
        let r = Reference::load(Some(dir.path())).expect("reference");
        let model = |c: &str, s: &str| r.evidence_based(c, s).map(|e| e.model.as_str());
        assert_eq!(
            model("Stockport Metropolitan Borough Council", "JOBS  first"),
            Some("supported employment")
        );
        assert_eq!(model("Leeds City Council", "Jobs First"), Some("IPS"));
        assert_eq!(model("Wigan Council", "Jobs First"), None);
        assert_eq!(model("Stockport MBC", "Jobs Second"), None);
    }

    #[test]
    fn providers_resolve_without_crossing_areas() {
        let r = Reference::builtin().expect("reference");
        let name = |p: &str| r.provider(p).map(|p| p.provider.as_str());
        assert_eq!(
            name("The Richmond Fellowship Ltd"),
            Some("Richmond Fellowship")
        );
        assert_eq!(name("Richmond Felowship"), Some("Richmond Fellowship"));
        assert_eq!(name("Mind Hammersmith & Fulham"), Some("Mind H&F"));
        assert_eq!(name("Mind W&C"), None, "one area's Mind is not another's");
        assert_eq!(name("York Mind"), None);
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
