//! Validating what operators type: amounts and figures of the return.

use crate::ingest::Schema;
use crate::ingest::cells::Cell;
use crate::ingest::schema::FieldKind;
use crate::ingest::values::{Parsed, parse_count, parse_money};

/// A field an amendment may correct: a money or count field of the return.
pub fn is_figure(field: &str) -> bool {
    Schema::builtin()
        .field(field)
        .is_some_and(|f| matches!(f.kind, FieldKind::Money | FieldKind::Count))
}

/// A figure for `field`, read as the return's own conventions read it.
pub fn parse_figure(field: &str, text: &str) -> Option<f64> {
    let schema = Schema::builtin();
    let f = schema.field(field)?;
    let cell = Cell::Text(text.to_string());
    let parsed = match f.kind {
        FieldKind::Money => parse_money(&cell, &schema.values),
        FieldKind::Count => parse_count(&cell, &schema.values),
        _ => return None,
    };
    match parsed {
        Parsed::Number { value, .. } if value >= 0.0 => Some(value),
        _ => None,
    }
}

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
    fn figures_validate() {
        assert!(is_figure("outcomes_total"));
        assert!(is_figure("people_ld"));
        assert!(!is_figure("commissioner"));
        assert_eq!(parse_figure("outcomes_total", "41"), Some(41.0));
        assert_eq!(parse_figure("outcomes_total", "4.5"), None);
        assert_eq!(parse_figure("total_cost", "£95k"), Some(95_000.0));
        assert_eq!(parse_figure("total_cost", "-5"), None);
        assert_eq!(parse_amount("£250k"), Some(250_000.0));
    }
}
