//! Reading a spreadsheet into a grid of cells: xlsx, xls and ods through calamine, CSV
//! through the csv crate after finding its encoding (UTF-8 with or without a BOM, or
//! GBK/GB18030 as WPS and Excel save it in China, detected with chardetng).
//!
//! Every cell keeps where it came from, so that each later error can say
//! `FILE › SHEET › H7` (or `FILE:line:col` for CSV) and quote the cell.

use crate::msg;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use crate::diag::{Diagnostic, Diagnostics, SourceFile, Span};

/// One cell's value, as the file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// A numeric cell (or a formula's cached numeric value).
    Number(f64),
    /// Text, or any other value written as text (dates, booleans, `#DIV/0!`).
    Text(String),
}

impl Cell {
    /// The cell as a person sees it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            // A formula's value carries binary noise (92.58999999999999): shown as the
            // sheet shows it, to 8 places at most.
            Cell::Number(f) => rust_decimal::Decimal::from_str_exact(&format!("{f}")).map_or_else(
                |_| format!("{f}"),
                |d| d.round_dp(8).normalize().to_string(),
            ),
            Cell::Text(t) => t.clone(),
        }
    }

    /// Non-empty text, trimmed; `None` for numbers and blank cells.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// Each CSV field's (line, column), 1-based, by row.
type Positions = Vec<Vec<(usize, usize)>>;

/// One sheet (or the whole of a CSV file).
#[derive(Debug, Clone)]
pub struct Grid {
    /// The sheet's name; `None` for a CSV file.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The absolute (row, column) of `rows[0][0]`, 0-based.
    origin: (usize, usize),
    /// CSV only: the decoded text and each field's (line, column), 1-based.
    csv: Option<(SourceFile, Positions)>,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// The A1 reference of a cell: `H7`.
    pub fn reference(&self, row: usize, col: usize) -> String {
        format!(
            "{}{}",
            column_letters(self.origin.1 + col),
            self.origin.0 + row + 1
        )
    }
}

/// A whole file.
#[derive(Debug, Clone)]
pub struct Book {
    /// The file name as shown in messages (`得分汇总表.xlsx`).
    pub file: String,
    pub sheets: Vec<Grid>,
    /// For CSV, the encoding it was read in, to say on the terminal.
    pub encoding: Option<&'static str>,
}

impl Book {
    /// Where a cell is: `FILE › SHEET › H7` with the cell's text, or the CSV line and column.
    pub fn span(&self, grid: &Grid, row: usize, col: usize) -> Span {
        if let Some((file, positions)) = &grid.csv {
            let (line, column) = positions
                .get(row)
                .and_then(|r| r.get(col).copied())
                .unwrap_or_else(|| {
                    let line = positions
                        .get(row)
                        .and_then(|r| r.first())
                        .map_or(row + 1, |p| p.0);
                    let end = file
                        .text
                        .lines()
                        .nth(line - 1)
                        .map_or(0, |l| l.chars().count());
                    (line, end + 1)
                });
            return file.span(line, column);
        }
        let sheet = grid.name.as_deref().unwrap_or("");
        Span::cell(
            format!("{} › {sheet} › {}", self.file, grid.reference(row, col)),
            &grid.cell(row, col).shown(),
        )
    }

    /// Where a problem sits, for listing a run's problems in the order of the file: the
    /// sheet, then the row, then the column (whole-sheet problems first in their sheet;
    /// problems of no place before all others).
    pub fn order(&self, span: Option<&Span>) -> (usize, usize, usize) {
        let Some(span) = span else {
            return (0, 0, 0);
        };
        if span.line > 0 {
            return (1, span.line, span.column);
        }
        let rest = span
            .path
            .strip_prefix(&self.file)
            .and_then(|r| r.strip_prefix(" › "));
        let Some(rest) = rest else {
            return (1, 0, 0);
        };
        let (sheet, cell) = rest.rsplit_once(" › ").unwrap_or((rest, ""));
        let index = self
            .sheets
            .iter()
            .position(|g| g.name.as_deref() == Some(sheet))
            .map_or(1, |i| i + 1);
        let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
        let column = cell[..letters]
            .bytes()
            .fold(0, |n, b| n * 26 + usize::from(b - b'A') + 1);
        let row = cell[letters..].parse().unwrap_or(0);
        (index, row, column)
    }

    /// How a CSV file was read, to say on the terminal (a workbook: `None`).
    pub fn read_as(&self) -> Option<crate::i18n::Message> {
        self.encoding.map(|enc| match enc {
            "UTF-8 with BOM" => msg!("import-read-as-bom", file = &self.file),
            enc => msg!("import-read-as", file = &self.file, encoding = enc),
        })
    }

    /// The sheet, row and column (indexes into `sheets` and its `rows`) of the cell a
    /// problem points at, if it points at one.
    pub fn locate(&self, span: &Span) -> Option<(usize, usize, usize)> {
        if span.line > 0 {
            let (sheet, grid) = self
                .sheets
                .iter()
                .enumerate()
                .find(|(_, g)| g.csv.is_some())?;
            let (_, positions) = grid.csv.as_ref()?;
            let row = positions
                .iter()
                .position(|r| r.first().is_some_and(|p| p.0 == span.line))?;
            let col = positions[row]
                .iter()
                .rposition(|p| p.1 <= span.column)
                .unwrap_or(0);
            return Some((sheet, row, col));
        }
        let rest = span.path.strip_prefix(&self.file)?.strip_prefix(" › ")?;
        let (sheet, cell) = rest.rsplit_once(" › ")?;
        let index = self
            .sheets
            .iter()
            .position(|g| g.name.as_deref() == Some(sheet))?;
        let grid = &self.sheets[index];
        let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
        if letters == 0 {
            return None;
        }
        let column = cell[..letters]
            .bytes()
            .fold(0, |n, b| n * 26 + usize::from(b - b'A') + 1);
        let row: usize = cell[letters..].parse().ok()?;
        Some((
            index,
            row.checked_sub(1 + grid.origin.0)?,
            column.checked_sub(1 + grid.origin.1)?,
        ))
    }

    /// Put `text` in a cell (a name corrected in the workspace, as a person would correct
    /// it in the sheet before importing it again).
    pub fn set_text(&mut self, sheet: usize, row: usize, col: usize, text: &str) -> bool {
        let Some(cell) = self
            .sheets
            .get_mut(sheet)
            .and_then(|g| g.rows.get_mut(row))
            .and_then(|r| r.get_mut(col))
        else {
            return false;
        };
        *cell = Cell::Text(text.to_string());
        true
    }

    /// Where a whole sheet is, for problems of no single cell.
    pub fn sheet_span(&self, grid: &Grid) -> Span {
        match &grid.name {
            Some(name) if grid.csv.is_none() => Span::cell(format!("{} › {name}", self.file), ""),
            _ => Span::cell(self.file.clone(), ""),
        }
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// The spreadsheet kinds `import` reads, by extension.
pub const EXTENSIONS: &[&str] = &["csv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Read `path` by its extension.
pub fn read(path: &Path) -> Result<Book, Diagnostics> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ext = extension(&file);
    if !EXTENSIONS.contains(&ext.as_str()) {
        return Err(unknown_kind(&file));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let d = Diagnostic::error(msg!(
            "cannot-read",
            file = &file,
            reason = crate::i18n::io_reason(&e)
        ));
        if ext == "csv" || ext == "txt" {
            d.hint(msg!("cannot-read-help"))
        } else {
            unreadable(&file, e.to_string())
        }
    })?;
    read_bytes(&file, bytes)
}

/// Read a sheet held in memory (an upload to the workspace), by the extension of `file`,
/// its name as messages show it.
pub fn read_bytes(file: &str, bytes: Vec<u8>) -> Result<Book, Diagnostics> {
    let file = file.to_string();
    match extension(&file).as_str() {
        "csv" | "txt" => read_csv(&bytes, file),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(bytes, file),
        _ => Err(unknown_kind(&file)),
    }
}

fn extension(file: &str) -> String {
    Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// A workbook that cannot be opened at all, with the reader's own words.
fn unreadable(file: &str, detail: String) -> Diagnostic {
    Diagnostic::error(msg!("import-cannot-read", file = file, detail = detail))
        .hint(msg!("import-cannot-read-help"))
}

fn unknown_kind(file: &str) -> Diagnostics {
    Diagnostic::error(msg!("import-kind-unknown", file = file))
        .hint(msg!("import-kind-unknown-help"))
        .into()
}

fn open(bytes: Vec<u8>, ext: &str) -> Result<calamine::Sheets<Cursor<Vec<u8>>>, calamine::Error> {
    use calamine::{Error, Sheets, open_workbook_from_rs};
    let rs = Cursor::new(bytes);
    Ok(match ext {
        "xls" => Sheets::Xls(open_workbook_from_rs(rs).map_err(Error::Xls)?),
        "xlsx" | "xlsm" => Sheets::Xlsx(open_workbook_from_rs(rs).map_err(Error::Xlsx)?),
        "xlsb" => Sheets::Xlsb(open_workbook_from_rs(rs).map_err(Error::Xlsb)?),
        _ => Sheets::Ods(open_workbook_from_rs(rs).map_err(Error::Ods)?),
    })
}

fn read_workbook(bytes: Vec<u8>, file: String) -> Result<Book, Diagnostics> {
    let mut workbook =
        open(bytes, &extension(&file)).map_err(|e| unreadable(&file, e.to_string()))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            Diagnostic::error(msg!(
                "import-cannot-read-sheet",
                sheet = &name,
                file = &file,
                detail = e.to_string()
            ))
            .hint(msg!("import-cannot-read-sheet-help"))
        })?;
        let origin = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell_of).collect())
            .collect();
        sheets.push(Grid {
            name: Some(name),
            rows,
            origin,
            csv: None,
        });
    }
    Ok(Book {
        file,
        sheets,
        encoding: None,
    })
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => Cell::Text(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// Decode a CSV file: UTF-8 (a BOM is dropped) when it is valid UTF-8, else the encoding
/// chardetng finds, GBK read as its superset GB18030.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(text) = std::str::from_utf8(body)
    {
        return (text.to_string(), "UTF-8 with BOM");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), "UTF-8");
    }
    // The loader's guess, the one its "not UTF-8" errors name (encoding_rs decodes GBK as
    // GB18030, its superset).
    let (name, encoding) = crate::source::guess_encoding(bytes);
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), name)
}

fn read_csv(bytes: &[u8], file: String) -> Result<Book, Diagnostics> {
    let (text, encoding) = decode(bytes);
    let text = text.replace("\r\n", "\n");
    let source = SourceFile::new(file.clone(), text.clone());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let lines: Vec<&str> = text.lines().collect();
    let mut rows = Vec::new();
    let mut positions = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Diagnostic::error(msg!(
                "import-csv-invalid",
                file = &file,
                detail = e.to_string()
            ))
            .at(source.span(line, 1))
            .hint(msg!("import-csv-invalid-help"))
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let columns = field_columns(lines.get(line - 1).copied().unwrap_or(""));
        positions.push(
            (0..record.len())
                .map(|i| (line, columns.get(i).copied().unwrap_or(1)))
                .collect(),
        );
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Book {
        file,
        sheets: vec![Grid {
            name: None,
            rows,
            origin: (0, 0),
            csv: Some((source, positions)),
        }],
        encoding: Some(encoding),
    })
}

/// The 1-based character column where each field of a CSV line starts.
fn field_columns(line: &str) -> Vec<usize> {
    let mut out = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(i + 2),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(7), "H");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27 * 26), "AAA");
    }

    #[test]
    fn csv_fields_know_their_columns() {
        assert_eq!(field_columns("1,高新产业园,92"), vec![1, 3, 9]);
        assert_eq!(field_columns("\"a,b\",c"), vec![1, 7]);
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("序号,单位名称,经济发展\n1,高新产业园,92\n");
        let (text, name) = decode(&bytes);
        assert_eq!(name, "GBK (GB18030)");
        assert!(text.starts_with("序号,单位名称"));
        assert_eq!(
            decode("\u{feff}a".as_bytes()),
            ("a".into(), "UTF-8 with BOM")
        );
    }
}
