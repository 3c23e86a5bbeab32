//! A results table as uncompressed parquet, in memory.
//!
//! Polars' own writer tries a dictionary for every column and, for a
//! column of floats or text, first estimates its distinct values with a
//! sketch whose fixed cost (a 16 KiB register table counted through per
//! column) outweighs writing the column itself in the small, wide tables a
//! run mostly writes: `summary` is 106 columns of 15 rows. Here a column of
//! floats, and every column of a small table, is written plain; any other
//! column is encoded as polars would (a dictionary where it pays). The
//! file is the same to any reader: the same schema, the same values.

use polars::prelude::*;
use polars_parquet::write::{
    CompressionOptions, Encoding, FileWriter, RowGroupIterator, StatisticsOptions, Version,
    WriteOptions, get_dtype_encoding,
};

/// At most this many rows, a table is written plain throughout: a
/// dictionary saves little there.
const SMALL_TABLE_ROWS: usize = 256;

pub(super) fn encode(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    // One row group (polars' writer starts a new one every 262,144 rows;
    // no results table comes near that).
    df.rechunk_mut_par();
    let schema = df.schema().to_arrow(CompatLevel::newest());
    let small = df.height() <= SMALL_TABLE_ROWS;
    let encodings: Vec<Vec<Encoding>> = schema
        .iter_values()
        .map(|field| {
            let floats = matches!(field.dtype, ArrowDataType::Float32 | ArrowDataType::Float64);
            get_dtype_encoding(&field.dtype)
                .into_iter()
                .map(|e| match e {
                    Encoding::RleDictionary if small || floats => Encoding::Plain,
                    e => e,
                })
                .collect()
        })
        .collect();
    let options = WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression: CompressionOptions::Uncompressed,
        data_page_size: None,
    };
    let batches: Vec<_> = df
        .iter_chunks(CompatLevel::newest(), false)
        .filter(|b| !b.is_empty())
        .collect();
    let rows: Vec<u64> = batches.iter().map(|b| b.len() as u64).collect();
    let groups = RowGroupIterator::try_new(
        batches.into_iter().map(Ok),
        &schema,
        options,
        encodings.into(),
    )?;
    let mut bytes = Vec::new();
    let mut writer = FileWriter::try_new(&mut bytes, schema, options)?;
    for (group, rows) in groups.zip(rows) {
        writer.write(rows, group?)?;
    }
    writer.end(None)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: Vec<u8>) -> PolarsResult<DataFrame> {
        ParquetReader::new(std::io::Cursor::new(bytes)).finish()
    }

    /// A table of `rows` rows: text of a few values, floats, integers,
    /// booleans and nulls.
    fn table(rows: usize) -> PolarsResult<DataFrame> {
        let text: Vec<Option<&str>> = (0..rows)
            .map(|i| ["ld", "mh", "mixed"].get(i % 4).copied())
            .collect();
        let floats: Vec<Option<f64>> = (0..rows)
            .map(|i| (i % 5 != 0).then_some(i as f64 / 7.0))
            .collect();
        let ints: Vec<i64> = (0..rows).map(|i| (i % 9) as i64).collect();
        let flags: Vec<bool> = (0..rows).map(|i| i % 2 == 0).collect();
        DataFrame::new(
            rows,
            vec![
                Column::new("grp".into(), text),
                Column::new("cost_per_person".into(), floats),
                Column::new("people_total".into(), ints),
                Column::new("excluded".into(), flags),
            ],
        )
    }

    #[test]
    fn a_table_reads_back_as_written_small_large_and_empty() -> PolarsResult<()> {
        for rows in [0, 1, 15, SMALL_TABLE_ROWS, SMALL_TABLE_ROWS + 1, 5_000] {
            let mut df = table(rows)?;
            let back = read(encode(&mut df)?)?;
            assert_eq!(back.schema(), df.schema(), "{rows} rows");
            assert!(back.equals_missing(&df), "{rows} rows");
        }
        Ok(())
    }

    #[test]
    fn a_large_tables_repeated_text_still_gets_a_dictionary() -> PolarsResult<()> {
        let rows = 5_000;
        let mut df = table(rows)?.select(["grp"])?;
        let bytes = encode(&mut df)?.len();
        // Plain, each of 5,000 values would take its length and bytes
        // (some 30 KB); with a dictionary, a few bits each.
        assert!(bytes < 10_000, "{bytes} bytes");
        Ok(())
    }
}
