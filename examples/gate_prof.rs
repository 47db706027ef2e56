use std::collections::BTreeMap;
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut by: BTreeMap<String, (usize, usize, f64)> = BTreeMap::new();
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(4000)
    {
        let p = e.path().to_string_lossy().into_owned();
        let b = std::fs::read(e.path()).unwrap();
        let ext = p.rsplit('.').next().unwrap().to_string();
        let t = Instant::now();
        let _ = bulletin::gate::scan(&p, &b);
        let el = t.elapsed().as_secs_f64();
        let x = by.entry(ext).or_default();
        x.0 += 1;
        x.1 += b.len();
        x.2 += el;
    }
    for (k, (n, bytes, t)) in by {
        println!(
            "{k:6} files {n:5} MB {:8.1} s {:6.2} MB/s {:6.1}",
            bytes as f64 / 1e6,
            t,
            bytes as f64 / 1e6 / t
        );
    }
}
