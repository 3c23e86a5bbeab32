//! The names a query can mean, read with the SQL tokenizer polars itself
//! parses queries with: its identifiers, quoted or not, in lower case,
//! and nothing inside a comment or a string literal. A model's
//! dependencies, the tables the memo compares and what a changed table
//! reaches are all found from these, so a comment that mentions `returns`
//! does not make a model run again when a service return arrives.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use sqlparser::dialect::GenericDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// Texts whose names are remembered before the cache starts over: the
/// shipped models and checks are about a hundred.
const REMEMBERED: usize = 1024;

/// The identifiers of `sql`, in lower case (see [`read`]). Each run asks
/// about the same hundred or so texts (models and checks are read afresh
/// each run, so an edit applies at once); a text's names are worked out
/// once per process.
pub fn names(sql: &str) -> Arc<HashSet<String>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<HashSet<String>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(known) = crate::kept::lock(cache).get(sql) {
        return Arc::clone(known);
    }
    let found = Arc::new(read(sql));
    let mut cache = crate::kept::lock(cache);
    if cache.len() >= REMEMBERED {
        cache.clear();
    }
    cache.insert(sql.to_string(), Arc::clone(&found));
    found
}

/// The identifiers of `sql`, in lower case. A text the tokenizer cannot
/// read (it will not run either) gives every word in it, comments and
/// strings included: a name too many only runs a query again, while a
/// name missed would keep a stale answer.
fn read(sql: &str) -> HashSet<String> {
    match tokens(sql) {
        Ok(tokens) => tokens
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w.value.to_lowercase()),
                _ => None,
            })
            .collect(),
        Err(_) => every_word(sql),
    }
}

/// Whether a text whose [`names`] are `names` names the table `table`
/// (in any case, as SQL does).
pub fn includes(names: &HashSet<String>, table: &str) -> bool {
    names.contains(table.to_lowercase().as_str())
}

/// `sql` as polars' SQL tokenizer reads it.
fn tokens(sql: &str) -> Result<Vec<Token>, sqlparser::tokenizer::TokenizerError> {
    Tokenizer::new(&GenericDialect {}, sql).tokenize()
}

/// Whether `sql` holds a subquery inside an expression (`x IN (SELECT
/// …)`, `EXISTS (…)`, a scalar subquery), as against one that is a table
/// of its own (after `AS`, `FROM`, `JOIN` or a set operation). A text
/// the tokenizer cannot read is taken to hold one.
pub fn has_expression_subquery(sql: &str) -> bool {
    let Ok(tokens) = tokens(sql) else {
        return true;
    };
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let word = |i: usize| match significant.get(i) {
        Some(Token::Word(w)) => Some(w.value.to_uppercase()),
        _ => None,
    };
    (1..significant.len()).any(|i| {
        let opens_query = matches!(significant[i - 1], Token::LParen)
            && matches!(word(i).as_deref(), Some("SELECT" | "WITH"));
        if !opens_query {
            return false;
        }
        let before = i.checked_sub(2).and_then(word);
        let a_table = match before.as_deref() {
            Some("AS" | "FROM" | "JOIN" | "UNION" | "EXCEPT" | "INTERSECT") => true,
            // `UNION ALL (…)`, but not `x > ALL (…)`.
            Some("ALL" | "DISTINCT") => matches!(
                i.checked_sub(3).and_then(word).as_deref(),
                Some("UNION" | "EXCEPT" | "INTERSECT")
            ),
            _ => false,
        };
        !a_table
    })
}

/// Every run of letters, digits and underscores, in lower case.
fn every_word(sql: &str) -> HashSet<String> {
    sql.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(sql: &str, name: &str) -> bool {
        names(sql).contains(name)
    }

    #[test]
    fn a_subquery_is_told_from_a_table_made_by_a_query() {
        for table in [
            "WITH a AS (SELECT 1 AS x) SELECT * FROM a",
            "SELECT * FROM (SELECT 1 AS x) s JOIN (WITH b AS (SELECT 2 AS y) SELECT * FROM b) c ON 1 = 1",
            "SELECT 1 AS x UNION ALL (SELECT 2 AS x)",
            "SELECT COUNT(*), f(x) FROM t -- x IN (SELECT 1)",
        ] {
            assert!(!has_expression_subquery(table), "{table}");
        }
        for expression in [
            "SELECT x FROM t WHERE x IN (SELECT y FROM u)",
            "SELECT x FROM t WHERE EXISTS (select 1 FROM u)",
            "SELECT (SELECT MAX(y) FROM u) AS m FROM t",
            "SELECT x FROM t WHERE x > ALL (SELECT y FROM u)",
            "SELECT COALESCE(x, (SELECT 1)) FROM t",
            "SELECT 'unclosed FROM t",
        ] {
            assert!(has_expression_subquery(expression), "{expression}");
        }
    }

    #[test]
    fn comments_and_string_literals_name_nothing() {
        assert!(!has("SELECT 1 -- from returns\nFROM x", "returns"));
        assert!(!has("SELECT 1 /* returns\n sites */ FROM x", "sites"));
        assert!(!has("SELECT 'all sites' AS area FROM x", "sites"));
        assert!(!has("SELECT 'it''s returns' FROM x", "returns"));
        assert!(has("SELECT 'a -- b' AS s FROM returns", "returns"));
        assert!(has("SELECT 'a /* b' AS s FROM returns -- */", "returns"));
    }

    #[test]
    fn identifiers_count_in_any_case_and_quoting() {
        assert!(has("SELECT * FROM Returns", "returns"));
        assert!(has("SELECT * FROM \"Services\" s", "services"));
        assert!(has("SELECT s.excluded FROM x s", "excluded"));
        assert!(!has("SELECT per100_new FROM x", "per100"));
        assert!(has("FROM x JOIN per100 ON", "per100"));
    }

    #[test]
    fn every_shipped_model_and_check_is_read_by_the_tokenizer() {
        use crate::pipeline::models::{CHECK_FILES, MODEL_FILES};
        for (_, file, sql) in MODEL_FILES.iter().chain(CHECK_FILES.iter()) {
            let read = tokens(sql);
            assert!(read.is_ok(), "{file}: {read:?}");
        }
    }

    #[test]
    fn a_text_the_tokenizer_refuses_gives_every_word() {
        let unclosed = "SELECT 'open FROM returns -- services";
        assert!(
            Tokenizer::new(&GenericDialect {}, unclosed)
                .tokenize()
                .is_err()
        );
        assert!(has(unclosed, "returns") && has(unclosed, "services"));
    }
}
