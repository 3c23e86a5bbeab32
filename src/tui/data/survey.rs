//! The commissioner survey's headline tables, as lines of text for the
//! Authorities screen.

use polars::prelude::*;

use super::decode::Table;

fn pct(v: Option<f64>) -> String {
    crate::format::pct(v)
}

/// The survey's headline tables as text: budget change by stream (whole /
/// accurate subset), five-year trend, breakdowns given, personal budgets,
/// data collected.
pub(super) fn survey_lines(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<Vec<String>> {
    let mut lines = Vec::new();
    let any_response = table("survey_responses").is_some_and(|df| df.height() > 0);
    if !any_response {
        return Ok(lines);
    }
    if let Some(df) = table("budget_change") {
        lines.push("Budget change 2011-12 → 2012-13, whole / accurate subset:".to_string());
        lines.extend(budget_change(&Table::new(&df))?);
    }
    if let Some(df) = table("five_year") {
        let t = Table::new(&df);
        if t.height() > 0 {
            let r = t.row(0);
            lines.push(format!(
                "Spend vs 5 years ago (n {}): more {}, same {}, less {}, not answered {}",
                r.int("n")?,
                pct(r.num("pct_more")?),
                pct(r.num("pct_same")?),
                pct(r.num("pct_less")?),
                pct(r.num("pct_not_answered")?)
            ));
        }
    }
    if let Some(df) = table("breakdown_given") {
        let t = Table::new(&df);
        if t.height() > 0 {
            let r = t.row(0);
            lines.push(format!(
                "Could break spend down by kind of support: {} (n {})",
                pct(r.num("pct_given")?),
                r.int("n")?
            ));
        }
    }
    if let Some(df) = table("pb_use") {
        let answers = Table::new(&df).rows_where(
            |r| Ok(r.is("question", "pb_allowed")? && r.is("subset", "whole")?),
            |r| {
                Ok(format!(
                    "{} {}",
                    crate::format::label(&r.text("answer")?),
                    pct(r.num("pct")?)
                ))
            },
        )?;
        lines.push(format!(
            "Personal budgets may be spent on employment support: {}",
            answers.join(", ")
        ));
    }
    if let Some(df) = table("data_collected") {
        let items = Table::new(&df).rows_where(
            |r| r.is("subset", "whole"),
            |r| {
                Ok(format!(
                    "{} {}",
                    r.text("item")?
                        .trim_start_matches("collects_")
                        .replace('_', " "),
                    pct(r.num("pct_yes")?)
                ))
            },
        )?;
        lines.push(format!("Data collected: {}", items.join(", ")));
    }
    Ok(lines)
}

/// One line per stream: the whole sample's row is followed by the accurate
/// subset's, and the line gives both (whole/accurate).
fn budget_change(t: &Table) -> PolarsResult<Vec<String>> {
    const PARTS: [&str; 4] = ["pct_increase", "pct_equal", "pct_decrease", "pct_cut"];
    let mut lines = Vec::new();
    for i in (0..t.height()).step_by(2) {
        let (whole, accurate) = (t.row(i), t.row(i + 1));
        if !whole.is("subset", "whole")? || i + 1 >= t.height() {
            continue;
        }
        let mut both = Vec::new();
        for part in PARTS {
            both.push(format!(
                "{}/{}",
                pct(whole.num(part)?),
                pct(accurate.num(part)?)
            ));
        }
        lines.push(format!(
            "  {:<12} n {}/{}  ↑ {}  = {}  ↓ {}  cut {}",
            crate::format::label(&whole.text("stream")?),
            whole.int("n")?,
            accurate.int("n")?,
            both[0],
            both[1],
            both[2],
            both[3]
        ));
    }
    Ok(lines)
}
