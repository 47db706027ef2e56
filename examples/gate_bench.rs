//! What the output gate costs: every file of a built site read into memory, then scanned
//! by the gate as a build scans it (in parallel, on all cores), timed.
//!
//! ```sh
//! cargo run --release --example gate_bench -- PUBLIC [ROUNDS]
//! ```
//!
//! Prints the files, their bytes and the median wall time of ROUNDS scans (default 5),
//! to set beside the time of the build that made PUBLIC (`bench/gate.sh` does both).

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
    for _ in 0..rounds {
        let t = Instant::now();
        let found = files
            .par_iter()
            .filter(|(p, b)| bulletin::gate::scan(p, b).is_some())
            .count();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(found, 0, "the gate found something in {dir}");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "files {} bytes {} gate_ms_median {:.0} gate_ms_all {:?}",
        files.len(),
        bytes,
        times[times.len() / 2],
        times.iter().map(|t| t.round() as u64).collect::<Vec<_>>()
    );
}
