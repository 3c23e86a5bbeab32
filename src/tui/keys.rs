//! Validating what operators type in the UI. Figures of the return are
//! checked by [`crate::ops::is_figure`] and [`crate::ops::parse_figure`],
//! shared with `jobtally queue amend`.

use crate::ingest::Schema;
use crate::ingest::cells::Cell;
use crate::ingest::values::{Parsed, parse_money};

pub use crate::ops::{is_figure, parse_figure};

/// An amount of money: `250000`, `£250,000`, `£250k`.
pub fn parse_amount(text: &str) -> Option<f64> {
    match parse_money(&Cell::Text(text.to_string()), &Schema::builtin().values) {
        Parsed::Number { value, .. } => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("£250k"), Some(250_000.0));
        assert_eq!(parse_amount("250,000"), Some(250_000.0));
        assert_eq!(parse_amount("lots"), None);
    }
}
