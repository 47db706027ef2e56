//! How long `bulletin import` takes for a 2,000-row sheet.
//!
//! ```sh
//! flock /work/release.lock cargo run --release --example import_bench [-- ROWS]
//! ```
//!
//! Writes a site whose last bulletin has ROWS units (default 2,000) in 10 categories of
//! 4 indicators, and an .xlsx of the next month (written with rust_xlsxwriter: a merged
//! title, a 类别 column, every score, 加分, 扣分 and 总分), then times the whole import
//! (read, headers, mapping, ids against the series, the cross-check of every 总分 through
//! `bulletin::rank`, and writing scores.yaml and index.md) five times and prints each run.

use std::fmt::Write as _;
use std::fs;
use std::time::Instant;

use rust_decimal::Decimal;

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile_dir();
    let content = dir.join("content");
    let like = content.join("2025/06-units");
    fs::create_dir_all(&like).unwrap();
    fs::write(
        content.join("site.yaml"),
        "title: 导入基准\nissuer: 基准办公室\nbase_url: https://example.org/\n",
    )
    .unwrap();
    fs::write(
        like.join("index.md"),
        "---\ntitle: 2025年6月绩效考核排名通报\nperiod: 2025-06\nseries: units-monthly\npublished: 2025-07-04\n---\n",
    )
    .unwrap();
    let weights = [40, 30, 20, 10];
    let names = ["经济发展", "重点任务", "营商环境", "党的建设"];
    let mut yaml = String::from("subject: units\ncategories:\n");
    for c in 0..10 {
        write!(yaml, "  - id: c{c}\n    name: 第{c}类\n    indicators:\n").unwrap();
        for (i, (n, w)) in names.iter().zip(weights).enumerate() {
            writeln!(yaml, "      - {{ id: i{i}, name: {n}, weight: {w} }}").unwrap();
        }
        yaml.push_str("    bonus_cap: 3\n");
    }
    yaml.push_str("tiers:\n  rounding: floor\n  top: { name: 先进, share: 30% }\n  otherwise: 达标\nentries:\n");
    // A deterministic spread of scores, 80.00–99.99.
    let score =
        |n: usize, i: usize| Decimal::new(8000 + ((n * 7919 + i * 104_729) % 2000) as i64, 2);
    for n in 0..rows {
        write!(
            yaml,
            "  - id: u{n:05}\n    name: 第{n:05}号单位\n    category: c{}\n    scores: {{ i0: 90, i1: 90, i2: 90, i3: 90 }}\n",
            n % 10
        )
        .unwrap();
    }
    fs::write(like.join("scores.yaml"), yaml).unwrap();

    let sheet = dir.join("得分汇总表.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("汇总").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        9,
        "2025年7月绩效考核得分汇总表",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    let head = ["序号", "类别", "单位名称"]
        .into_iter()
        .map(String::from)
        .chain(
            names
                .iter()
                .zip(weights)
                .map(|(n, w)| format!("{n}（{w}分）")),
        )
        .chain(["加分", "扣分", "总分"].map(String::from));
    for (c, h) in head.enumerate() {
        ws.write_string(1, c as u16, &h).unwrap();
    }
    for n in 0..rows {
        let r = (n + 2) as u32;
        ws.write_number(r, 0, (n + 1) as f64).unwrap();
        ws.write_string(r, 1, format!("第{}类", n % 10)).unwrap();
        ws.write_string(r, 2, format!("第{n:05}号单位")).unwrap();
        let mut total = Decimal::ZERO;
        for (i, w) in weights.iter().enumerate() {
            let s = score(n, i);
            total += s * Decimal::from(*w) / Decimal::ONE_HUNDRED;
            ws.write_number(r, 3 + i as u16, s.to_string().parse::<f64>().unwrap())
                .unwrap();
        }
        if n % 7 == 0 {
            ws.write_number(r, 7, 1.0).unwrap();
            total += Decimal::ONE;
        }
        if n % 11 == 0 {
            ws.write_number(r, 8, 0.5).unwrap();
            total -= Decimal::new(5, 1);
        }
        let total =
            total.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        ws.write_number(r, 9, total.to_string().parse::<f64>().unwrap())
            .unwrap();
    }
    book.save(&sheet).unwrap();

    let into = content.join("2025/07-units");
    for run in 1..=5 {
        let start = Instant::now();
        let code = bulletin::cli::run([
            "bulletin",
            "import",
            sheet.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
            "--like",
            like.to_str().unwrap(),
            "--published",
            "2025-08-05",
            "--force",
        ]);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(code, 0, "the import failed");
        println!("run {run}: import of {rows} rows in {ms:.1} ms");
    }
    fs::remove_dir_all(&dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bulletin-import-bench-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    dir
}
