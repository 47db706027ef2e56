//! The edit-to-reload latency of `bulletin serve`: the time from writing one bulletin's
//! `scores.yaml` to the `reload` event at a server-sent-events client, as a browser tab
//! gets it.
//!
//! ```sh
//! cargo run --release --example serve_bench -- --bin target/release/bulletin [--edits 20] [--pause 1000] SITE
//! ```
//!
//! starts `BIN serve --port 0 --root SITE`, subscribes to `/__bulletin/events`, then
//! `--edits` times (`--pause` ms apart, 1000 by default, and each time once the server is
//! idle, where `/proc` says it) changes the first score of the
//! first entry of the site's last bulletin (alternately to 60.5 and 61.5, so that every
//! edit changes the result), waits for the next `reload`, and then loads what a reloading
//! tab would: the edited bulletin's page, and the page of the unit whose score changed
//! (drawn after the reload). Prints each time from the write, then the median and p95
//! (nearest rank) of each, and restores the file. `bench/serve.sh` runs it on the
//! 2,000-bulletin site.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Options {
    bin: PathBuf,
    site: PathBuf,
    edits: usize,
    /// Between two edits, in ms.
    pause: u64,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut bin, mut site, mut edits, mut pause) = (None, None, 20, 1000);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bin" => bin = Some(PathBuf::from(args.next().ok_or("--bin needs a path")?)),
            "--pause" => {
                pause = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--pause needs a number of ms")?
            }
            "--edits" => {
                edits = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--edits needs a number")?
            }
            s if !s.starts_with('-') => site = Some(PathBuf::from(s)),
            s => return Err(format!("unknown option {s}")),
        }
    }
    Ok(Options {
        bin: bin.ok_or("--bin BIN is required")?,
        site: site.ok_or("the site folder is required")?,
        edits,
        pause,
    })
}

/// The site's last bulletin's scores.yaml, in path order.
fn last_scores(site: &Path) -> Option<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![site.join("content")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).ok()?.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "scores.yaml") {
                found.push(p);
            }
        }
    }
    found.sort();
    found.pop()
}

/// The CPU time process `pid` has used, in clock ticks (Linux: `/proc/PID/stat`).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Until process `pid` uses under 5% of a core over a quarter of a second (at most ten
/// minutes); at once where `/proc` does not say.
fn wait_idle(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(600);
    while let Some(before) = cpu_ticks(pid) {
        std::thread::sleep(Duration::from_millis(250));
        let Some(after) = cpu_ticks(pid) else { return };
        // 100 ticks a second: 5% of 250 ms is 1.25 ticks.
        if after - before <= 1 || Instant::now() > deadline {
            return;
        }
    }
}

/// `text` with the first score of the first `scores:` line set to `value`.
fn with_first_score(text: &str, value: &str) -> Option<String> {
    let line_at = text.find("    scores: { ")?;
    let colon = line_at + "    scores: { ".len() + text[line_at + 14..].find(": ")? + 2;
    let end = colon + text[colon..].find([',', ' ', '}'])?;
    Some(format!("{}{value}{}", &text[..colon], &text[end..]))
}

/// Reload events as they arrive: (generation, when received).
fn events(port: u16) -> std::io::Result<Receiver<(String, Instant)>> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    write!(
        s,
        "GET /__bulletin/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ")
                && event == "reload"
                && tx.send((d.to_string(), Instant::now())).is_err()
            {
                return;
            } else if line.is_empty() {
                event.clear();
            }
        }
    });
    Ok(rx)
}

/// GET `path` from the server and read the whole response: the time it took.
fn get(port: u16, path: &str) -> Result<Duration, String> {
    let started = Instant::now();
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    // With the port: serve answers no other Host.
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    std::io::Read::read_to_end(&mut s, &mut response).map_err(|e| e.to_string())?;
    if !response.starts_with(b"HTTP/1.0 200") && !response.starts_with(b"HTTP/1.1 200") {
        let head = String::from_utf8_lossy(&response[..response.len().min(80)]).into_owned();
        return Err(format!("GET {path}: {head}"));
    }
    Ok(started.elapsed())
}

/// The first entry's id in a scores.yaml: a unit of the edited bulletin.
fn first_entry(text: &str) -> Option<String> {
    let at = text.find("\nentries:")?;
    let id = text[at..].find("- id: ")? + at + "- id: ".len();
    let end = id + text[id..].find(['\n', ' ', ','])?;
    Some(text[id..end].to_string())
}

/// Median and p95 (nearest rank) of `times`, sorted in place.
fn stats(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    (
        median,
        times[((0.95 * n as f64).ceil() as usize).clamp(1, n) - 1],
    )
}

fn run(o: &Options) -> Result<(), String> {
    let scores = last_scores(&o.site).ok_or("no scores.yaml below SITE/content")?;
    let original = fs::read_to_string(&scores).map_err(|e| e.to_string())?;
    let mut child = Command::new(&o.bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&o.site)
        .env("CI", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", o.bin.display()))?;
    let child_id = child.id();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (port_tx, port_rx) = channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                let _ = port_tx.send(rest.split('/').next().unwrap_or("").to_string());
            } else if ["rebuilt", "built", "error", "timings"]
                .iter()
                .any(|p| line.starts_with(p))
            {
                eprintln!("  server: {line}");
            }
        }
    });
    let result = (|| {
        let port: u16 = port_rx
            .recv_timeout(Duration::from_secs(600))
            .map_err(|_| "the server did not start")?
            .parse()
            .map_err(|_| "no port")?;
        let rx = events(port).map_err(|e| e.to_string())?;
        rx.recv_timeout(Duration::from_secs(30))
            .map_err(|_| "no first event")?;
        eprintln!("editing {}", scores.display());
        let folder = scores.parent().ok_or("scores.yaml has no folder")?;
        let page = format!(
            "/{}/index.html",
            folder
                .strip_prefix(o.site.join("content"))
                .map_err(|_| "the bulletin is not below content/")?
                .to_string_lossy()
                .replace('\\', "/")
        );
        let unit = format!(
            "/units/{}/index.html",
            first_entry(&original).ok_or("no entry id in scores.yaml")?
        );
        let (mut times, mut shown, mut units) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..o.edits {
            let value = if i % 2 == 0 { "60.5" } else { "61.5" };
            let text = with_first_score(&original, value).ok_or("no scores: line to edit")?;
            // Let the server settle from the previous edit (its deferred files made), as
            // between two saves of a person writing; and, where the system says, until it
            // is idle (the first build's deferred charts take longer than a pause).
            std::thread::sleep(Duration::from_millis(o.pause));
            wait_idle(child_id);
            while rx.try_recv().is_ok() {}
            let started = Instant::now();
            fs::write(&scores, text).map_err(|e| e.to_string())?;
            let (_, at) = rx
                .recv_timeout(Duration::from_secs(300))
                .map_err(|_| format!("edit {}: no reload event", i + 1))?;
            let ms = at.duration_since(started).as_secs_f64() * 1000.0;
            // What the reloading tab then asks for: the edited page, and a page of one of
            // its units (drawn after the reload, at once if asked first).
            get(port, &page)?;
            let page_ms = started.elapsed().as_secs_f64() * 1000.0;
            get(port, &unit)?;
            let unit_ms = started.elapsed().as_secs_f64() * 1000.0;
            println!(
                "edit {:2}: reload {ms:.0} ms, {page} {page_ms:.0} ms, {unit} {unit_ms:.0} ms",
                i + 1
            );
            times.push(ms);
            shown.push(page_ms);
            units.push(unit_ms);
        }
        let n = times.len();
        for (what, list) in [
            ("edit → reload", &mut times),
            ("edit → edited page loaded", &mut shown),
            ("edit → a unit page of it loaded", &mut units),
        ] {
            let (median, p95) = stats(list);
            println!(
                "{what} over {n} edits: median {median:.0} ms, p95 {p95:.0} ms, min {:.0} ms, max {:.0} ms",
                list[0],
                list[n - 1]
            );
        }
        Ok(())
    })();
    let _ = fs::write(&scores, &original);
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn main() -> ExitCode {
    match parse_args().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
