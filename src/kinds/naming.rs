//! What a return is called and which returns are one: each kind says how
//! its returns are named ([`Naming`]), and [`Named`] asks a return's kind.
//! A later return with the same identity supersedes an earlier one; the
//! key is the readable, stable name the results and the queue show.

use crate::ingest::text::{normalise, slug};
use crate::ingest::{Layout, Return, ReturnKeys, StoredReturn};

/// How one kind names its returns.
pub struct Naming {
    /// The year (or collection point) a return is about.
    pub period: fn(&Return) -> Option<&str>,
    /// Which returns are one: (scope, who, what).
    pub identity: fn(&Return) -> (String, String, String),
    /// A readable stable key: `stockport-mbc/supported-employment/2012-13`.
    pub key: fn(&Return) -> String,
    /// Who the return is from, for the queue.
    pub site: fn(&Return) -> Option<&str>,
    /// What the return is about, for the queue.
    pub title: fn(&Return) -> Option<String>,
    /// How many people it is about, for the queue's priority.
    pub people: fn(&Return) -> Option<f64>,
    /// What a layout of this kind is called: "B (study form)".
    pub layout: fn(Layout) -> &'static str,
    /// The fields that name a return (and so enter its keys), held to
    /// `max_name_chars`.
    pub names: &'static [&'static str],
}

/// A return's names, by its kind's [`Naming`].
pub trait Named {
    fn naming(&self) -> &'static Naming;
    fn period(&self) -> Option<&str>;
    fn identity(&self) -> (String, String, String);
    /// The identity as one string, as the ledger stores it.
    fn identity_key(&self) -> String;
    fn service_key(&self) -> String;
    /// Both keys at once, to be kept beside the return.
    fn keys(&self) -> ReturnKeys {
        ReturnKeys {
            identity: self.identity_key(),
            service: self.service_key(),
        }
    }
    fn site_label(&self) -> Option<&str>;
    fn title(&self) -> Option<String>;
    fn people(&self) -> Option<f64>;
    /// The layout it was read from, as its kind calls it.
    fn layout_name(&self) -> &'static str;
}

impl Named for Return {
    fn naming(&self) -> &'static Naming {
        &super::spec(self.kind).naming
    }
    fn period(&self) -> Option<&str> {
        (self.naming().period)(self)
    }
    fn identity(&self) -> (String, String, String) {
        (self.naming().identity)(self)
    }
    fn identity_key(&self) -> String {
        let (c, s, p) = self.identity();
        format!("{c}\u{1f}{s}\u{1f}{p}")
    }
    fn service_key(&self) -> String {
        (self.naming().key)(self)
    }
    fn site_label(&self) -> Option<&str> {
        (self.naming().site)(self)
    }
    fn title(&self) -> Option<String> {
        (self.naming().title)(self)
    }
    fn people(&self) -> Option<f64> {
        (self.naming().people)(self)
    }
    fn layout_name(&self) -> &'static str {
        (self.naming().layout)(self.layout)
    }
}

/// Change a return as a run sees it (its stored copy is shared, so it is
/// copied first) and work its keys out again, so they stay its own.
pub fn amend(r: &mut StoredReturn, change: impl FnOnce(&mut Return)) {
    change(std::sync::Arc::make_mut(&mut r.data));
    r.keys = std::sync::Arc::new(r.data.keys());
}

/// `data` as the ledger's row `id` from file `f<id>.<ext>`, decoded with
/// its keys as a run is handed it: the tests' stored return.
#[cfg(test)]
pub(crate) fn held(id: i64, data: Return, ext: &str) -> StoredReturn {
    StoredReturn {
        id,
        file_id: id,
        source_file: format!("f{id}.{ext}"),
        received_at: "2026-12-06T00:00:00Z".into(),
        keys: std::sync::Arc::new(data.keys()),
        data: std::sync::Arc::new(data),
    }
}

/// The `period` field, as most kinds have it.
pub fn period_field(r: &Return) -> Option<&str> {
    r.text("period")
}

/// A part of a key: its slug, or `unknown` when it has none.
pub fn key_part(s: &str) -> String {
    or_unknown(slug(s))
}

/// `unknown` for an empty part of a key.
pub fn or_unknown(s: String) -> String {
    if s.is_empty() {
        "unknown".to_string()
    } else {
        s
    }
}

/// A text field normalised for comparing (`""` when absent).
pub fn normalised(r: &Return, field: &str) -> String {
    normalise(r.text(field).unwrap_or(""))
}

/// A council however it is spelled: its authority code when the name
/// resolves ([`crate::reference::council_identity`]).
pub fn council(r: &Return, field: &str) -> String {
    crate::reference::council_identity(r.text(field).unwrap_or(""))
}
