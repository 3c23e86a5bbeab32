#!/usr/bin/env python3
"""The comparison for docs/PERFORMANCE.md: how long pandas + openpyxl take
to do a reduced version of what `jobtally run` does with the same inbox.

Two figures, both timed here:

1. load: every sheet of every workbook and every CSV (encoding and
   delimiter detected) read into DataFrames, nothing more;
2. tables: the same loading, then the service returns found in what was
   loaded (the template's key column, the study form's labels and split
   rows, the batch sheets' headers) and three tables built from them:
   one row per service with its ratios, one per commissioner and year
   (sites) and one per group and year (summary: mean, median and n of
   each ratio).

Both flatter pandas: the files of other kinds are loaded and then ignored,
a label is matched by a few known wordings only, values are read with a
single money / count rule, and there are no checks, no queue, no identity
and no resubmissions.

    python3 scripts/baseline_pandas.py <inbox>      (needs pandas, openpyxl)
"""
import io
import pathlib
import re
import sys
import time

import pandas as pd

# Normalised label (its start) -> field key.
LABELS = {
    "name of service": "service_name",
    "commissioner": "commissioner",
    "please state which year": "period",
    "total amount that this service cost": "total_cost",
    "overall number who received support": "people_total",
    "overall number supported to gain": "outcomes_total",
}
# Normalised category header -> the part of its field key after people_ /
# outcomes_.
CATEGORIES = {
    "learning disability": "ld",
    "mental health": "mh",
    "physical sensory": "physical_sensory",
    "homelessness": "homeless",
    "drug and alcohol": "drug_alcohol",
    "other": "other",
    "autism": "autism",
    "gained new job": "new",
    "retained existing job": "retained",
    "became self employed": "self_employed",
}
NUMBERS = ["total_cost", "people_total", "outcomes_total", "people_ld", "people_mh",
           "outcomes_new", "outcomes_retained", "outcomes_self_employed"]


def load(path: pathlib.Path):
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        first = text.splitlines()[0] if text else ""
        sep = max([",", ";", "\t"], key=first.count)
        return [pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)]
    return list(pd.read_excel(path, sheet_name=None, header=None, dtype=object).values())


def norm(value) -> str:
    text = str(value).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9%.]+", " ", text).split())


def number(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("£", "").replace(",", "")
    try:
        return float(text[:-1]) * 1000 if text.lower().endswith("k") else float(text)
    except ValueError:
        return None


def field_of(label: str):
    return next((key for start, key in LABELS.items() if label.startswith(start)), None)


def template(df: pd.DataFrame):
    """Layout A: a key column, the answers in the third."""
    if df.shape[1] < 3 or str(df.iat[0, 0]).strip() != "key":
        return None
    row = {str(k): v for k, v in zip(df.iloc[1:, 0], df.iloc[1:, 2]) if isinstance(k, str)}
    return row if "service_name" in row else None


def form(df: pd.DataFrame):
    """Layout B: labels with their answers to the right, and splits as a
    row of category headers above a row of numbers."""
    row, section = {}, "people"
    cells = df.values.tolist()
    for i, line in enumerate(cells):
        filled = [(j, v) for j, v in enumerate(line) if not (isinstance(v, float) and pd.isna(v))]
        if not filled:
            continue
        j, first = filled[0]
        if not isinstance(first, str):
            continue
        label = norm(first)
        key = field_of(label)
        if key == "outcomes_total":
            section = "outcomes"
        if key and key not in row:
            right = [v for k, v in filled if k > j]
            row[key] = right[0] if right else None
        elif label.startswith("above total split by") and i + 1 < len(cells):
            for k, header in filled[1:]:
                part = CATEGORIES.get(norm(header))
                if part and k < len(cells[i + 1]):
                    row[f"{section}_{part}"] = cells[i + 1][k]
    return row if "service_name" in row and "people_total" in row else None


def batch(df: pd.DataFrame):
    """Layout C: one row per service under a header of field keys (a
    workbook's sheet is loaded without a header: its first row is one)."""
    if "service_name" not in df.columns and len(df) and "service_name" in list(df.iloc[0]):
        df = df.iloc[1:].set_axis([str(c) for c in df.iloc[0]], axis=1)
    if "service_name" not in df.columns:
        df = df.rename(columns=header_key)
    if "service_name" not in df.columns:
        return []
    return df.to_dict("records")


def header_key(header) -> str:
    """A batch header given as the question's wording, as its key."""
    label = norm(header)
    for prefix, section in [("people who received support ", "people"),
                            ("people supported to gain retain a job ", "outcomes")]:
        if label.startswith(prefix) and label[len(prefix):] in CATEGORIES:
            return f"{section}_{CATEGORIES[label[len(prefix):]]}"
    return field_of(label) or str(header)


def tables(frames):
    rows = []
    for df in frames:
        many = batch(df)
        if many:
            rows.extend(many)
            continue
        one = template(df) or form(df)
        if one:
            rows.append(one)
    services = pd.DataFrame(rows)
    for key in NUMBERS:
        services[key] = services[key].map(number) if key in services else None
    services["period"] = services["period"].astype(str).str.replace("-", "/")
    services["cost_per_person"] = services.total_cost / services.people_total.where(services.people_total > 0)
    services["cost_per_outcome"] = services.total_cost / services.outcomes_total.where(services.outcomes_total > 0)
    services["outcome_rate"] = services.outcomes_total / services.people_total.where(services.people_total > 0)
    for part in ["new", "retained", "self_employed"]:
        services[f"per100_{part}"] = 100 * services[f"outcomes_{part}"] / services.people_total.where(services.people_total > 0)
    share = lambda col: services[col] / services.people_total.where(services.people_total > 0)
    services["primary_group"] = "mixed"
    services.loc[share("people_ld") > 0.5, "primary_group"] = "ld"
    services.loc[share("people_mh") > 0.5, "primary_group"] = "mh"
    sites = services.groupby(["commissioner", "period"], dropna=False).agg(
        services=("service_name", "size"),
        people_total=("people_total", "sum"),
        outcomes_total=("outcomes_total", "sum"),
        total_cost=("total_cost", "sum"),
    ).reset_index()
    sites["pooled_cost_per_outcome"] = sites.total_cost / sites.outcomes_total.where(sites.outcomes_total > 0)
    grouped = pd.concat([services.assign(grp="all"), services.assign(grp=services.primary_group)])
    metrics = ["cost_per_person", "cost_per_outcome", "outcome_rate", "per100_new", "per100_retained"]
    summary = grouped.groupby(["grp", "period"])[metrics].agg(["mean", "median", "count"]).reset_index()
    return services, sites, summary


def main():
    inbox = pathlib.Path(sys.argv[1])
    files = sorted(p for p in inbox.iterdir() if p.is_file())
    start = time.perf_counter()
    frames = []
    for f in files:
        frames.extend(load(f))
    loaded = time.perf_counter() - start
    services, sites, summary = tables(frames)
    took = time.perf_counter() - start
    print(f"pandas + openpyxl loaded {len(files)} files ({len(frames)} sheets) in {loaded:.2f} s")
    print(f"pandas + openpyxl loaded them and built the three tables ({len(services)} services, "
          f"{len(sites)} sites, {len(summary)} summary rows) in {took:.2f} s")


if __name__ == "__main__":
    main()
