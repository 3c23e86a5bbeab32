//! Which authority a council name denotes: the resolution of
//! [`names`](super::names) against `authorities.csv` and
//! `other_councils.csv`, the ledger's identity of a council, and the
//! suggestion a warning about an unresolved name ends with.

use serde::Deserialize;

use super::names::{Found, council_key};
use super::{Authority, Reference};

/// The ledger's identity of a council name: the authority's code by the
/// shipped authority list (so "LB Newham" and "London Borough of Newham"
/// are one site, and a corrected return that spells its council otherwise
/// replaces the first), else the name's key. The shipped list, not the
/// workspace's, so that editing a reference file never re-keys the ledger.
///
/// Resolving a name costs microseconds and a run asks for the same few
/// hundred names tens of thousands of times (every identity key), so each
/// thread remembers its answers; the shipped list never changes while the
/// process runs, so a remembered answer is never stale.
pub fn council_identity(name: &str) -> String {
    /// Names remembered per thread before the memo starts over.
    const REMEMBERED: usize = 4096;
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(known) = MEMO.with(|m| m.borrow().get(name).cloned()) {
        return known;
    }
    static BUILTIN: std::sync::OnceLock<Option<Reference>> = std::sync::OnceLock::new();
    let builtin = BUILTIN.get_or_init(|| Reference::builtin().ok());
    let identity = match builtin.as_ref().and_then(|r| r.authority(name)) {
        Some(a) => a.code.clone(),
        None => council_key(name),
    };
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= REMEMBERED {
            m.clear();
        }
        m.insert(name.to_string(), identity.clone());
    });
    identity
}

/// The matching key of an authority name as people type it (see
/// [`names::council_key`]): "Stockport MBC" -> "stockport".
pub fn authority_key(text: &str) -> String {
    council_key(text)
}

/// What a key of `NameIndex` stands for among the councils.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Council {
    /// A social-services authority of `authorities.csv`.
    Authority(usize),
    /// A council of `other_councils.csv`: known, and never matched.
    Other(usize),
}

/// A council of `other_councils.csv`: a district (no social-services
/// duties) or a council outside England. Known so that it is never read
/// as an authority that happens to be spelled alike.
#[derive(Debug, Clone, Deserialize)]
pub struct OtherCouncil {
    pub name: String,
    #[serde(default)]
    pub aliases: String,
    pub kind: OtherKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherKind {
    EnglishDistrict,
    FormerEnglishDistrict,
    Welsh,
    Scottish,
    NorthernIrish,
}

impl OtherKind {
    /// Why such a council is not an authority here.
    pub fn why(self) -> &'static str {
        match self {
            OtherKind::EnglishDistrict => "a district council, with no social-services duties",
            OtherKind::FormerEnglishDistrict => {
                "a former district council, with no social-services duties"
            }
            OtherKind::Welsh => "a Welsh council, outside England",
            OtherKind::Scottish => "a Scottish council, outside England",
            OtherKind::NorthernIrish => "a Northern Irish council, outside England",
        }
    }
}

/// What an authority name was resolved to.
#[derive(Debug, Clone)]
pub enum AuthorityMatch<'a> {
    /// The name or an alias, as the naming rules read it.
    Exact(&'a Authority),
    /// A typing slip away from exactly one authority's name.
    Near {
        authority: &'a Authority,
        slips: usize,
    },
    /// A council, but not a social-services authority in England.
    NotAnAuthority(&'a OtherCouncil),
    /// As near to several authorities: none is taken.
    Ambiguous(Vec<&'a Authority>),
    /// Not a council we know.
    Unknown,
}

impl<'a> AuthorityMatch<'a> {
    pub fn authority(&self) -> Option<&'a Authority> {
        match self {
            AuthorityMatch::Exact(a) | AuthorityMatch::Near { authority: a, .. } => Some(a),
            _ => None,
        }
    }

    /// For an info note: how a near match was read ("read as Stockport,
    /// one letter different").
    pub fn read_as(&self) -> Option<String> {
        match self {
            AuthorityMatch::Near { authority, slips } => Some(format!(
                "read as {} ({} letter{} different)",
                authority.name,
                slips,
                if *slips == 1 { "" } else { "s" }
            )),
            _ => None,
        }
    }
}

impl Reference {
    /// What a council name denotes (see [`names`] for the rules). Where a
    /// name fits a current and a former council (North Yorkshire), the
    /// current one.
    pub fn resolve_authority(&self, name: &str) -> AuthorityMatch<'_> {
        let authorities = |list: &[Council]| -> Vec<&Authority> {
            let mut found: Vec<&Authority> = list
                .iter()
                .filter_map(|c| match c {
                    Council::Authority(i) => Some(&self.authorities[*i]),
                    Council::Other(_) => None,
                })
                .collect();
            if found.iter().any(|a| a.status == "current") {
                found.retain(|a| a.status == "current");
            }
            found
        };
        let other = |list: &[Council]| {
            list.iter().find_map(|c| match c {
                Council::Other(i) => Some(&self.other_councils[*i]),
                Council::Authority(_) => None,
            })
        };
        match self.councils.find(name) {
            Found::Exact(Council::Authority(i)) => AuthorityMatch::Exact(&self.authorities[i]),
            Found::Near {
                entry: Council::Authority(i),
                slips,
            } => AuthorityMatch::Near {
                authority: &self.authorities[i],
                slips,
            },
            Found::Exact(Council::Other(i))
            | Found::Near {
                entry: Council::Other(i),
                ..
            } => AuthorityMatch::NotAnAuthority(&self.other_councils[i]),
            Found::Several(list) => match (authorities(&list).as_slice(), other(&list)) {
                // One name, a current and a former council: the current.
                ([one], _) => AuthorityMatch::Exact(one),
                ([], Some(o)) => AuthorityMatch::NotAnAuthority(o),
                ([], None) => AuthorityMatch::Unknown,
                (many, _) => AuthorityMatch::Ambiguous(many.to_vec()),
            },
            Found::Ambiguous(list) => match authorities(&list) {
                found if found.is_empty() => AuthorityMatch::Unknown,
                found => AuthorityMatch::Ambiguous(found),
            },
            Found::Unknown => AuthorityMatch::Unknown,
        }
    }

    /// The authority a council name denotes, exactly or through a small
    /// slip; none for districts, councils outside England and names that
    /// carry other words.
    pub fn authority(&self, name: &str) -> Option<&Authority> {
        self.resolve_authority(name).authority()
    }

    /// Up to three authorities an unresolved name may mean, most alike
    /// first, for a warning's "did they mean".
    pub fn suggest_authorities(&self, name: &str) -> Vec<&Authority> {
        self.suggestions(name, &self.resolve_authority(name))
    }

    /// [`Reference::suggest_authorities`] for a name already resolved to `m`.
    fn suggestions<'a>(&'a self, name: &str, m: &AuthorityMatch<'a>) -> Vec<&'a Authority> {
        let mut out: Vec<&Authority> = Vec::new();
        if let AuthorityMatch::Ambiguous(list) = m {
            out.extend(list.iter().copied());
        }
        for c in self.councils.suggest(name, 6) {
            if let Council::Authority(i) = c {
                let a = &self.authorities[i];
                if !out.iter().any(|b| b.code == a.code) {
                    out.push(a);
                }
            }
        }
        out.truncate(3);
        out
    }

    /// The sentence a warning about an unresolved name ends with: "Did
    /// they mean Harrow or Hackney?", or why the council is not one
    /// ("Harlow is a district council, with no social-services duties.").
    pub fn authority_suggestion(&self, name: &str) -> Option<String> {
        self.suggestion_for(name, &self.resolve_authority(name))
    }

    /// [`Reference::authority_suggestion`] for a name already resolved to
    /// `m`, so that a table resolving every name once need not do it again.
    pub fn suggestion_for(&self, name: &str, m: &AuthorityMatch<'_>) -> Option<String> {
        match m {
            AuthorityMatch::Exact(_) | AuthorityMatch::Near { .. } => None,
            AuthorityMatch::NotAnAuthority(o) => Some(format!("{} is {}.", o.name, o.kind.why())),
            _ => {
                let names: Vec<&str> = self
                    .suggestions(name, m)
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect();
                (!names.is_empty()).then(|| format!("Did they mean {}?", names.join(" or ")))
            }
        }
    }
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
    fn slips_are_read_with_a_note_and_other_words_are_not() {
        let r = Reference::builtin().expect("reference");
        let m = r.resolve_authority("Stokport MBC");
        assert_eq!(m.authority().map(|a| a.name.as_str()), Some("Stockport"));
        assert_eq!(
            m.read_as().as_deref(),
            Some("read as Stockport (1 letter different)")
        );
        assert_eq!(
            r.authority_suggestion("Stockpot Hub").as_deref(),
            Some("Did they mean Stockport?")
        );
        assert_eq!(
            r.authority_suggestion("Harlow District Council").as_deref(),
            Some("Harlow is a district council, with no social-services duties.")
        );
        assert_eq!(
            code(&r, "Harlow"),
            None,
            "a district one letter from Harrow"
        );
        assert_eq!(code(&r, "Newport City Council"), None, "Welsh");
        assert_eq!(code(&r, "Hull City Council").as_deref(), Some("E06000010"));
    }
}
