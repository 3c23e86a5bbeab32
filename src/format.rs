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
