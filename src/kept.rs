//! State a process keeps from one run to the next behind a lock: the
//! daemon's memo of answers, its decoded returns and written tables, the
//! names of query texts.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Lock what is kept, even after a panic elsewhere poisoned the lock.
/// Everything kept this way is checked before use or inserted whole (an
/// answer against its query's tables, a decoded return against the
/// ledger's text, a table's file against its stamp), so a thread that
/// panicked holding the lock can at worst leave something missing, and
/// what is missing is worked out again.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
