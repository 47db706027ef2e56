//! Where a build's time goes, phase by phase, through the library's public pipeline.
//!
//! ```sh
//! cargo run --release --example phases -- SITE [OUTPUT]
//! ```
//!
//! Times load, theme and rank on their own, the bulletin views, the PNG charts of the
//! WeChat article and the unit views on their own, then the whole build as `bulletin
//! build` runs it (`site::generate`, into memory) and `write::write_site`. Prints one line per phase with the memory held after it (VmRSS) and
//! the peak so far (VmHWM), then the output's size by kind of file. Used by
//! `bench/run.sh` for the phase table in BENCHMARKS.md.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

/// Resident and peak resident memory of this process, in MiB (Linux; 0 elsewhere).
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kib| kib / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: phases SITE [OUTPUT]");
        std::process::exit(2);
    };
    let output = args.next().map(PathBuf::from);
    let all = Instant::now();
    let mut lap = Instant::now();
    let mut report = |what: &str| {
        let (rss, peak) = memory();
        println!(
            "{what:<40} {:>9.3} s   RSS {rss:>6} MiB, peak {peak:>6} MiB",
            lap.elapsed().as_secs_f64()
        );
        lap = Instant::now();
    };

    let (site, _warnings) = match bulletin::load::load_site(&root) {
        Ok(s) => s,
        Err(d) => {
            eprint!("{d}");
            std::process::exit(1);
        }
    };
    report("load (read, parse, validate)");
    let _theme = match bulletin::render::Theme::load(&root) {
        Ok(t) => t,
        Err(d) => {
            eprint!("{d}");
            std::process::exit(1);
        }
    };
    report("theme (compile templates)");
    let results = match bulletin::rank::rank_site(&site.bulletins, &Default::default()) {
        Ok(r) => r.results,
        Err(d) => {
            eprint!("{d}");
            std::process::exit(1);
        }
    };
    report("rank (totals, places, changes)");

    // The views on their own: the build makes them again below.
    let previous = bulletin::rank::previous_in_series(site.bulletins.values().map(|b| &**b));
    let summaries: std::collections::BTreeMap<&str, bulletin::render::views::Summary> = site
        .bulletins
        .values()
        .map(|b| (b.path.as_str(), bulletin::render::views::Summary::new(b)))
        .collect();
    let list: Vec<&bulletin::model::Bulletin> = site.bulletins.values().map(|b| &**b).collect();
    let views: Vec<_> = list
        .par_iter()
        .map(|b| {
            bulletin::render::views::bulletin_view(
                b,
                &results[b.path.as_str()],
                previous.get(b.path.as_str()).map(|p| &summaries[p]),
            )
        })
        .collect();
    report("  bulletin views (markdown, SVG charts)");
    // The WeChat article's PNG charts, as the build draws them, each timed on its own
    // thread (a chart runs on one thread start to end: its time there is its CPU time
    // when the machine is otherwise idle).
    match bulletin::render::png::Fonts::load(site.config.cjk_font.as_deref()) {
        Ok(fonts) => {
            let scale = bulletin::render::wechat::CHART_SCALE;
            let drawn: Vec<(usize, f64)> = views
                .par_iter()
                .flat_map_iter(|v| &v.categories)
                .filter(|c| !c.chart_svg.is_empty())
                .map(|c| {
                    let t = Instant::now();
                    let len = bulletin::render::png::svg_to_png(&c.chart_svg, &fonts, scale)
                        .map_or(0, |b| b.len());
                    (len, t.elapsed().as_secs_f64() * 1e3)
                })
                .collect();
            let png_bytes: usize = drawn.iter().map(|d| d.0).sum();
            let mut ms: Vec<f64> = drawn.iter().map(|d| d.1).collect();
            ms.sort_by(f64::total_cmp);
            let at = |q: f64| {
                ms.get(((ms.len() as f64 - 1.0) * q) as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            report(&format!(
                "  PNG charts ({} MiB, {} charts, ms each: median {:.3}, p90 {:.3}, max {:.3})",
                png_bytes / 1_048_576,
                ms.len(),
                at(0.5),
                at(0.9),
                at(1.0)
            ));
        }
        Err(e) => println!("  PNG charts: no fonts ({e})"),
    }
    drop(views);
    let records: Vec<std::sync::Arc<bulletin::render::views::UnitRecord>> = list
        .iter()
        .flat_map(|b| bulletin::render::views::unit_records(b, &results[b.path.as_str()]))
        .map(std::sync::Arc::new)
        .collect();
    let units = bulletin::incr::unit_groups::unit_refs(&records);
    let unit_rows: usize = units
        .iter()
        .map(|u| {
            bulletin::render::views::unit_view(u, &Default::default())
                .series
                .iter()
                .map(|s| s.rows.len())
                .sum::<usize>()
        })
        .sum();
    drop(units);
    report(&format!("  unit views ({unit_rows} history rows)"));
    drop(results);

    // Keep every page in memory, made as `build` makes them (charts from the chart store
    // when it has them), to measure the output by kind (bulletin build itself streams
    // pages into its staging folder instead).
    let collect = bulletin::output::Keep::default();
    // The settings of `bulletin build`, chart cache included, so that this measures a warm
    // rebuild when the site was built before.
    let settings = bulletin::settings::Settings::new(&root);
    if let Err(d) = bulletin::site::generate(&settings, &bulletin::incr::Db::transient(), &collect)
    {
        eprint!("{d}");
        std::process::exit(1);
    }
    let mut pages = collect.into_pages();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    report("the whole build into memory (load to pages)");

    // Output bytes by kind of file.
    let mut sizes: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for p in &pages {
        let bytes = match &p.body {
            bulletin::output::Body::Text(t) => t.len(),
            bulletin::output::Body::Bytes(b) => b.len(),
            bulletin::output::Body::Later(l) => l.bytes().map_or(0, <[u8]>::len),
            bulletin::output::Body::Copy(_) | bulletin::output::Body::Cached(_) => 0,
        };
        let name = p.path.rsplit('/').next().unwrap_or("");
        let kind = if p.path.starts_with("units/") {
            "units/*".to_string()
        } else if p.path.matches('/').count() >= 2 && name.ends_with(".html") {
            format!("<bulletin>/{name}")
        } else if let Some((_, ext)) = name.rsplit_once('.').filter(|_| p.path.contains('/')) {
            format!("*.{ext}")
        } else {
            name.to_string()
        };
        let e = sizes.entry(kind).or_default();
        e.0 += 1;
        e.1 += bytes;
    }
    if let Some(out) = &output {
        if let Err(e) = bulletin::write::write_site(out, &pages) {
            eprintln!("cannot write {}: {e}", out.display());
            std::process::exit(1);
        }
        report("write (staging + swap)");
    }
    drop(pages);
    report("free the pages");
    println!("{:<40} {:>9.3} s", "total", all.elapsed().as_secs_f64());
    println!("output by kind (files, MiB):");
    for (kind, (files, bytes)) in &sizes {
        println!(
            "  {kind:<28} {files:>7} {:>9.1}",
            *bytes as f64 / 1_048_576.0
        );
    }
}
