#!/usr/bin/env python3
"""The comparison for docs/PERFORMANCE.md: how long pandas + openpyxl take
just to load the same inbox that `jobtally run` reads, parses, checks and
aggregates. Only the loading is timed here (every sheet of every workbook,
every CSV with its encoding and delimiter), so the comparison flatters pandas.

    python3 scripts/baseline_pandas.py <inbox>      (needs pandas, openpyxl)
"""
import pathlib
import sys
import time

import pandas as pd


def load(path: pathlib.Path):
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        first = text.splitlines()[0] if text else ""
        sep = max([",", ";", "\t"], key=first.count)
        import io
        return [pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)]
    return list(pd.read_excel(path, sheet_name=None, header=None, dtype=object).values())


def main():
    inbox = pathlib.Path(sys.argv[1])
    files = sorted(p for p in inbox.iterdir() if p.is_file())
    start = time.perf_counter()
    frames = 0
    for f in files:
        frames += len(load(f))
    took = time.perf_counter() - start
    print(f"pandas + openpyxl loaded {len(files)} files ({frames} sheets) in {took:.2f} s")


if __name__ == "__main__":
    main()
