//! How figures are shown: money as £1,730, rates as 38 %, missing as "–".
//! One formatter for every screen (and, later, exports of the view).

pub const NULL: &str = "–";

/// A number without a spurious `.0`.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Extra job outcomes, to whole jobs: more the money could buy, how many
/// already ahead of the benchmark (never shown as a loss), or level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    More(i64),
    Ahead(i64),
    Level,
}

impl Extra {
    /// None for a figure that is not a number.
    pub fn of(x: f64) -> Option<Extra> {
        let n = x.round();
        match () {
            _ if !x.is_finite() => None,
            _ if n > 0.0 => Some(Extra::More(n as i64)),
            _ if n < 0.0 => Some(Extra::Ahead(-n as i64)),
            _ => Some(Extra::Level),
        }
    }
}

/// Extra job outcomes the money could buy, for a table: `+518`, `ahead 44`
/// or `level`.
pub fn extra_jobs(v: Option<f64>) -> String {
    match v.and_then(Extra::of) {
        Some(Extra::More(n)) => format!("+{}", thousands(n)),
        Some(Extra::Ahead(n)) => format!("ahead {}", thousands(n)),
        Some(Extra::Level) => "level".into(),
        None => NULL.into(),
    }
}

/// A whole number with thousands separators: `1,204`, `-5,000`.
pub fn thousands(v: i64) -> String {
    let s = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn money(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => {
            let sign = if x < 0.0 { "-" } else { "" };
            format!("{sign}£{}", thousands(x.abs().round() as i64))
        }
        _ => NULL.into(),
    }
}

pub fn rate(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{:.0} %", x * 100.0),
        _ => NULL.into(),
    }
}

/// A percentage already on the 0-100 scale: `44 %` (one format
/// everywhere, beside [`rate`]'s `38 %`), its space a no-break space so
/// that wrapped text never leaves the `%` alone on the next line.
pub fn pct(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.0}\u{a0}%"),
        _ => NULL.into(),
    }
}

/// [`pct`] to one decimal place: `12.5 %`.
pub fn pct1(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.1}\u{a0}%"),
        _ => NULL.into(),
    }
}

pub fn count(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => thousands(x.round() as i64),
        _ => NULL.into(),
    }
}

pub fn text(v: Option<&str>) -> String {
    match v {
        Some(s) => sanitise(s),
        None => NULL.into(),
    }
}

/// Nothing from a return reaches the terminal as a control sequence.
pub fn sanitise(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// At most `n` characters, with "…" when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars().take(n.saturating_sub(1)).collect::<String>()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_outcomes_round_to_whole_jobs_either_way() {
        assert_eq!(Extra::of(0.5), Some(Extra::More(1)));
        assert_eq!(Extra::of(0.49), Some(Extra::Level));
        assert_eq!(Extra::of(-0.49), Some(Extra::Level));
        assert_eq!(Extra::of(-0.5), Some(Extra::Ahead(1)));
        assert_eq!(Extra::of(-1204.2), Some(Extra::Ahead(1204)));
        assert_eq!(Extra::of(f64::NAN), None);
        assert_eq!(extra_jobs(Some(-1204.2)), "ahead 1,204");
    }

    #[test]
    fn formats() {
        assert_eq!(money(Some(1730.4)), "£1,730");
        assert_eq!(money(Some(263132.0)), "£263,132");
        assert_eq!(money(None), "–");
        assert_eq!(rate(Some(0.38)), "38 %");
        assert_eq!(rate(None), "–");
        assert_eq!(count(Some(1204.0)), "1,204");
        assert_eq!(count(Some(-5.0)), "-5");
        assert_eq!(money(Some(-5000.0)), "-£5,000");
        assert_eq!(sanitise("a\u{1b}[2Jb"), "a [2Jb");
        assert_eq!(clip("Kensington and Chelsea", 10), "Kensingto…");
        assert_eq!(clip("Leeds", 10), "Leeds");
    }
}

/// A code as a reader would write it: `support_lt7` -> "support under 7",
/// `age_16_24` -> "age 16–24", `drug_alcohol` -> "drugs / alcohol",
/// `evidence_based` -> "evidence-based", `awaiting_data` -> "awaiting data".
pub fn label(code: &str) -> String {
    match code {
        "drug_alcohol" => return "drugs / alcohol".into(),
        "evidence_based" => return "evidence-based".into(),
        "self_employment" | "self_employed" => return "self-employed".into(),
        "not_known" => return "not known".into(),
        "people_total" => return "people supported".into(),
        "outcomes_total" => return "job outcomes".into(),
        _ => {}
    }
    let tokens: Vec<&str> = code.split('_').filter(|t| !t.is_empty()).collect();
    let numeric = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if numeric(t) && tokens.get(i + 1).is_some_and(|n| numeric(n)) {
            out.push(format!("{t}–{}", tokens[i + 1]));
            i += 2;
            continue;
        }
        out.push(match (t.strip_prefix("lt"), t.strip_prefix("gt")) {
            (Some(n), _) if numeric(n) => format!("under {n}"),
            (_, Some(n)) if numeric(n) => format!("over {n}"),
            _ => t.to_string(),
        });
        i += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod label_tests {
    use super::label;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(label("support_lt7"), "support under 7");
        assert_eq!(label("support_7_40"), "support 7–40");
        assert_eq!(label("support_gt40"), "support over 40");
        assert_eq!(label("16_24"), "16–24");
        assert_eq!(label("drug_alcohol"), "drugs / alcohol");
        assert_eq!(label("awaiting_data"), "awaiting data");
        assert_eq!(label("evidence_based"), "evidence-based");
    }
}
