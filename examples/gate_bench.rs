//! What the output gate costs: every file of a built site read into memory, then scanned
//! by the gate as a build scans it (in parallel, on all cores), timed.
//!
//! ```sh
//! cargo run --release --example gate_bench -- PUBLIC [ROUNDS]
//! ```
//!
//! Prints the files, their bytes, the median wall time of ROUNDS scans (default 5) and
//! the CPU time of all of them (user + system, from /proc/self/stat, summed over threads):
//! to set beside the CPU time of the build that made PUBLIC, which a loaded machine
//! inflates less than wall time (`bench/gate.sh` does both).

use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: gate_bench PUBLIC [ROUNDS]");
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("a number"));
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::new();
    let cpu_before = cpu_seconds();
    for _ in 0..rounds {
        let t = Instant::now();
        let found = files
            .par_iter()
            .filter(|(p, b)| bulletin::gate::scan(p, b).is_some())
            .count();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(found, 0, "the gate found something in {dir}");
    }
    let cpu = (cpu_seconds() - cpu_before) / rounds as f64;
    times.sort_by(f64::total_cmp);
    println!(
        "files {} bytes {} gate_ms_median {:.0} gate_ms_all {:?} gate_cpu_s_per_round {:.2}",
        files.len(),
        bytes,
        times[times.len() / 2],
        times.iter().map(|t| t.round() as u64).collect::<Vec<_>>(),
        cpu
    );
}

/// The process's CPU time so far (user + system), in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}
