//! The ledger's mark: a token a long-lived intake (the daemon) writes at
//! the end of each run it commits, beside what it keeps of the ledger
//! until the next (the decoded returns, the queue). Triggers clear it on
//! any other change to the returns, the files they name or the queue, by
//! any program; so when a run finds the token it left, nothing it kept
//! has changed underneath, and reading it all again can be skipped. A
//! state.db replaced by a copy holds another token (every run writes a
//! new one), or none.

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

/// A token written by one run: never zero (zero is "cleared").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token(i64);

/// The token the ledger holds now, if one is set.
pub fn read(conn: &Connection) -> Result<Option<Token>, StoreError> {
    let value: Option<i64> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'ledger_mark'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.filter(|v| *v != 0).map(Token))
}

/// Write a new token (inside the run's transaction, after its last change
/// to the marked tables) and return it.
pub fn write(conn: &Connection) -> Result<Token, StoreError> {
    let token = fresh();
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('ledger_mark', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [token.0],
    )?;
    Ok(token)
}

/// A random token: std's hasher keys are drawn from the system's random
/// source, and the clock makes two from one process differ.
fn fresh() -> Token {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.write_u128(now);
    h.write_u32(std::process::id());
    match h.finish() as i64 {
        0 => Token(1),
        v => Token(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Each marked table, changed as another program would change it,
    /// clears the token; moving a file does not.
    #[test]
    fn any_other_change_clears_the_token() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&dir.path().join("state.db"))?;
        let conn = store.conn();
        assert_eq!(read(conn)?, None, "a new ledger holds no token");
        conn.execute_batch(
            "INSERT INTO files (id, name, sha256, size, received_at, outcome, dest_path)
                 VALUES (1, 'a.csv', 'x', 1, 't', 'accepted', 'archive/a.csv');
             INSERT INTO returns (id, file_id, seq, service_key, identity, data, received_at)
                 VALUES (1, 1, 0, 'k', 'i', '{}', 't');
             INSERT INTO anomalies (key, rule, severity, identity, service_key, field, offending,
                 message, priority, status, created, updated)
                 VALUES ('r|i|f', 'r', 'warning', 'i', 'k', 'f', 'v', 'm', 1, 'open', 't', 't');",
        )?;
        let changes = [
            ("UPDATE files SET moved = 1 WHERE id = 1", false),
            ("UPDATE files SET name = 'b.csv' WHERE id = 1", true),
            ("UPDATE returns SET data = '{\"a\":1}' WHERE id = 1", true),
            ("UPDATE anomalies SET status = 'dismissed'", true),
            (
                "INSERT INTO anomalies (key, rule, severity, identity, service_key, field, offending,
                     message, priority, status, created, updated)
                     VALUES ('s|i|f', 's', 'info', 'i', 'k', 'f', 'v', 'm', 1, 'open', 't', 't')",
                true,
            ),
            ("DELETE FROM anomalies WHERE key = 's|i|f'", true),
            (
                "INSERT INTO returns (id, file_id, seq, service_key, identity, data, received_at)
                     VALUES (2, 1, 1, 'k2', 'i2', '{}', 't')",
                true,
            ),
            ("DELETE FROM returns WHERE id = 2", true),
        ];
        for (sql, clears) in changes {
            let token = write(conn)?;
            assert_eq!(read(conn)?, Some(token));
            conn.execute(sql, [])?;
            let left = read(conn)?;
            assert_eq!(left.is_none(), clears, "{sql}");
        }
        let (a, b) = (write(conn)?, write(conn)?);
        assert_ne!(a, b, "every run writes a new token");
        Ok(())
    }
}
