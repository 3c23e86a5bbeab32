//! The SQL models and the order they run in. Each `pipelines/<kind>/<table>.sql`
//! is one `SELECT` whose result is the table `<table>`; it may read the
//! inputs and any other model by name. Dependencies are the model names a
//! query mentions; they run first. A cycle is an error that names it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use super::sql_names::{includes, names};

mod compiled {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

pub use compiled::{CHECK_FILES, MODEL_FILES};

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub sql: String,
    /// Where it came from: "built in (pipelines/<kind>/<name>.sql)" or the
    /// workspace file.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("pipeline models depend on each other in a cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    #[error("reading pipeline model {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

/// The compiled-in models, each replaced by `<workspace>/pipelines/<name>.sql`
/// when that exists; extra `.sql` files there add tables.
pub fn load(workspace: Option<&Path>) -> Result<Vec<Model>, ModelError> {
    let mut models: BTreeMap<String, Model> = MODEL_FILES
        .iter()
        .map(|(n, file, sql)| {
            (
                n.to_string(),
                Model {
                    name: n.to_string(),
                    sql: sql.to_string(),
                    origin: format!("built in ({file})"),
                },
            )
        })
        .collect();
    if let Some(dir) = workspace
        .map(|w| w.join("pipelines"))
        .filter(|d| d.is_dir())
    {
        let entries = std::fs::read_dir(&dir).map_err(|source| ModelError::Read {
            path: dir.display().to_string(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            if path.extension().and_then(|e| e.to_str()) != Some("sql") {
                continue;
            }
            let sql = std::fs::read_to_string(&path).map_err(|source| ModelError::Read {
                path: path.display().to_string(),
                source,
            })?;
            models.insert(
                name.clone(),
                Model {
                    name,
                    sql,
                    origin: path.display().to_string(),
                },
            );
        }
    }
    Ok(models.into_values().collect())
}

/// The other models each model reads, by name.
pub fn dependencies(models: &[Model]) -> BTreeMap<String, BTreeSet<String>> {
    models
        .iter()
        .map(|m| {
            // A text's names are read once per process (`names` keeps
            // them): n models asking about n models is n lookups.
            let used = names(&m.sql);
            let d = models
                .iter()
                .filter(|n| n.name != m.name && includes(&used, &n.name))
                .map(|n| n.name.clone())
                .collect();
            (m.name.clone(), d)
        })
        .collect()
}

/// The models whose tables may change when the `changed` tables do: each
/// that mentions one of them or a model already found (`models` in
/// dependency order). Mentioning is enough: a false one only runs a model
/// again.
pub fn affected_by(models: &[Model], changed: &HashSet<&str>) -> BTreeSet<String> {
    let mut reached: HashSet<String> = changed.iter().map(|n| n.to_lowercase()).collect();
    let mut found = BTreeSet::new();
    for m in models {
        if names(&m.sql).iter().any(|w| reached.contains(w)) {
            reached.insert(m.name.to_lowercase());
            found.insert(m.name.clone());
        }
    }
    found
}

/// Models in an order where each comes after the models it reads.
pub fn order(models: Vec<Model>) -> Result<Vec<Model>, ModelError> {
    let names: BTreeSet<String> = models.iter().map(|m| m.name.clone()).collect();
    let deps = dependencies(&models);
    let mut done: Vec<String> = Vec::new();
    let mut visiting: Vec<String> = Vec::new();
    fn visit(
        n: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        done: &mut Vec<String>,
        visiting: &mut Vec<String>,
    ) -> Result<(), ModelError> {
        if done.iter().any(|d| d == n) {
            return Ok(());
        }
        if let Some(pos) = visiting.iter().position(|v| v == n) {
            let mut cycle = visiting[pos..].to_vec();
            cycle.push(n.to_string());
            return Err(ModelError::Cycle(cycle));
        }
        visiting.push(n.to_string());
        for d in deps.get(n).into_iter().flatten() {
            visit(d, deps, done, visiting)?;
        }
        visiting.pop();
        done.push(n.to_string());
        Ok(())
    }
    for n in &names {
        visit(n, &deps, &mut done, &mut visiting)?;
    }
    let mut by_name: BTreeMap<String, Model> =
        models.into_iter().map(|m| (m.name.clone(), m)).collect();
    Ok(done
        .into_iter()
        .filter_map(|n| by_name.remove(&n))
        .collect())
}

/// The models that `sql` texts read, with every model those read in
/// turn: what must run before the texts can be answered.
pub fn read_by(models: &[Model], sql: &[&str]) -> BTreeSet<String> {
    let mut used: HashSet<String> = HashSet::new();
    for q in sql {
        used.extend(names(q).iter().cloned());
    }
    let mut wanted: BTreeSet<String> = models
        .iter()
        .filter(|m| includes(&used, &m.name))
        .map(|m| m.name.clone())
        .collect();
    // Models come in dependency order: walking back from the last, each
    // wanted model adds the models it reads.
    let deps = dependencies(models);
    for m in models.iter().rev() {
        if wanted.contains(&m.name) {
            wanted.extend(deps.get(&m.name).into_iter().flatten().cloned());
        }
    }
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, sql: &str) -> Model {
        Model {
            name: name.into(),
            sql: sql.into(),
            origin: "test".into(),
        }
    }

    #[test]
    fn what_a_check_reads_brings_what_that_reads() {
        let ordered = order(vec![
            m("summary", "SELECT * FROM service_groups"),
            m("service_groups", "SELECT * FROM services"),
            m("services", "SELECT * FROM returns"),
            m("trends", "SELECT * FROM summary"),
            m("pb_users", "SELECT * FROM responses"),
        ])
        .expect("order");
        let wanted = read_by(&ordered, &["SELECT * FROM service_groups -- trends"]);
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        assert_eq!(wanted, ["service_groups", "services"]);
        assert!(read_by(&ordered, &["SELECT 1 FROM returns"]).is_empty());
    }

    #[test]
    fn dependencies_run_first() {
        let ordered = order(vec![
            m("summary", "SELECT * FROM service_groups"),
            m("service_groups", "SELECT * FROM services"),
            m("services", "SELECT * FROM returns -- not summary"),
        ])
        .expect("order");
        let names: Vec<&str> = ordered.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["services", "service_groups", "summary"]);
    }

    #[test]
    fn a_cycle_is_named() {
        let err =
            order(vec![m("a", "SELECT * FROM b"), m("b", "SELECT * FROM a")]).expect_err("cycle");
        assert_eq!(
            err.to_string(),
            "pipeline models depend on each other in a cycle: a -> b -> a"
        );
    }

    #[test]
    fn what_a_changed_table_reaches_through_the_models_that_read_it() {
        let models = order(vec![
            m("services", "SELECT * FROM returns"),
            m("sites", "SELECT * FROM services"),
            m("contracts_view", "SELECT * FROM contracts"),
            m("summary", "SELECT * FROM sites"),
        ])
        .expect("order");
        let found = affected_by(&models, &HashSet::from(["returns"]));
        assert_eq!(
            found.iter().map(String::as_str).collect::<Vec<_>>(),
            ["services", "sites", "summary"]
        );
        assert!(affected_by(&models, &HashSet::new()).is_empty());
    }

    #[test]
    fn names_inside_other_words_comments_or_strings_are_not_dependencies() {
        let reads_per100 = |sql: &str| {
            dependencies(&[m("per100", "SELECT 1 AS x"), m("q", sql)])["q"].contains("per100")
        };
        assert!(!reads_per100("SELECT per100_new FROM x"));
        assert!(reads_per100("FROM per100 p"));
        assert!(!reads_per100("SELECT 1 -- from per100"));
        assert!(!reads_per100("SELECT 'per100' AS s FROM x"));
        assert!(reads_per100("SELECT '--' AS s FROM Per100"));
        assert!(reads_per100("FROM x JOIN per100 ON"));
    }

    #[test]
    fn a_comment_does_not_tie_a_shipped_model_to_the_service_returns() {
        // The PB models and the collection tracker name "returns" only in
        // comments: a new service return must not run them again.
        let models = order(load(None).expect("load")).expect("order");
        let reached = affected_by(&models, &HashSet::from(["returns"]));
        assert!(reached.contains("services") && reached.contains("summary"));
        for other in ["pb_income", "pb_profile", "collection_status"] {
            assert!(!reached.contains(other), "{other}");
        }
    }

    #[test]
    fn shipped_models_order() {
        let names: Vec<String> = order(load(None).expect("load"))
            .expect("order")
            .into_iter()
            .map(|m| m.name)
            .collect();
        let pos = |n: &str| names.iter().position(|x| x == n);
        assert!(pos("services") < pos("sites"));
    }
}
