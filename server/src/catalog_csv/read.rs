//! Reading a file with the `csv` crate: its header, then every record with its row number. A record that is
//! not CSV (another number of cells than the header, not UTF-8) is a problem of its row; reading goes on. A bad
//! header (unknown, repeated or missing columns) stops it: its problems are the file's.

use super::columns::Header;
use super::report::{codes, Problems};
use csv::{ErrorKind, ReaderBuilder, StringRecord};

/// A file's header and its records with their row numbers (the header is row 1).
pub struct Sheet {
    pub header: Header,
    pub rows: Vec<(u64, StringRecord)>,
}

/// Read `bytes` as CSV with `delimiter` between cells. `None` when there is not even a header (a problem says
/// why).
pub fn read(bytes: &[u8], delimiter: u8, problems: &mut Problems) -> Option<Sheet> {
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let header = match reader.headers() {
        Ok(h) if h.iter().any(|c| !c.trim().is_empty()) => Header::read(h, problems),
        Ok(_) => {
            problems.add(
                1,
                None,
                codes::EMPTY_FILE,
                "the file is empty: no header row",
            );
            return None;
        }
        Err(e) => {
            problems.add(1, None, codes::MALFORMED, malformed(&e, delimiter));
            return None;
        }
    };
    let mut rows = Vec::new();
    if problems.file_is_bad() {
        // Columns that cannot be trusted make every row's check meaningless: the header's problems say it all.
        return Some(Sheet { header, rows });
    }
    for (i, record) in reader.records().enumerate() {
        // Row numbers count records (a quoted cell may span lines), the header being row 1.
        let fallback = i as u64 + 2;
        match record {
            Ok(r) => {
                let row = r.position().map_or(fallback, |p| p.record() + 1);
                rows.push((row, r));
            }
            Err(e) => {
                let row = e.position().map_or(fallback, |p| p.record() + 1);
                problems.add(row, None, codes::MALFORMED, malformed(&e, delimiter));
            }
        }
    }
    Some(Sheet { header, rows })
}

/// A delimiter as a user names it: `,`, `;` or `tab`.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\t" => Ok(b'\t'),
        other => Err(format!("the delimiter is `,`, `;` or `tab`, not `{other}`")),
    }
}

fn malformed(e: &csv::Error, delimiter: u8) -> String {
    match e.kind() {
        ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} cells but the header has {expected_len} (cells are separated by `{}`; a cell \
             holding one must be quoted)",
            char::from(delimiter)
        ),
        ErrorKind::Utf8 { .. } => "this row is not UTF-8 text (save the file as UTF-8)".into(),
        _ => format!("not readable as CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog_csv::columns::Column;

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let mut problems = Problems::default();
        let file = "\u{feff}sku,name,category,tax_rate,price\nA,\"Tea\nwith milk\",c,t,1\nB,Cake,c,t\n\nC,Pie,c,t,2\n";
        let sheet = read(file.as_bytes(), b',', &mut problems).expect("a header");
        let skus: Vec<(u64, &str)> = sheet
            .rows
            .iter()
            .map(|(row, r)| (*row, sheet.header.cell(r, Column::Sku)))
            .collect();
        assert_eq!(skus, vec![(2, "A"), (4, "C")]);
        let bad: Vec<(u64, &str)> = problems
            .list()
            .iter()
            .map(|p| (p.row, p.code.as_str()))
            .collect();
        assert_eq!(bad, vec![(3, codes::MALFORMED)]);
        assert!(
            problems.list()[0].message.contains("4 cells"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_empty_file_or_one_not_utf8_is_a_problem_not_a_panic() {
        let mut problems = Problems::default();
        assert!(read(b"", b',', &mut problems).is_none());
        assert_eq!(problems.list()[0].code, codes::EMPTY_FILE);
        let mut problems = Problems::default();
        let sheet = read(
            b"sku;name;category;tax_rate;price\nA;\xff\xfe;c;t;1\n",
            b';',
            &mut problems,
        )
        .expect("a header");
        assert!(sheet.rows.is_empty());
        assert_eq!(
            (problems.list()[0].row, problems.list()[0].code.as_str()),
            (2, codes::MALFORMED)
        );
    }
}
