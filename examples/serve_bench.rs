//! The edit-to-reload latency of `bulletin serve`: the time from writing one bulletin's
//! `scores.yaml` to the `reload` event at a server-sent-events client, as a browser tab
//! gets it.
//!
//! ```sh
//! cargo run --release --example serve_bench -- --bin target/release/bulletin [--edits 20] SITE
//! ```
//!
//! starts `BIN serve --port 0 --root SITE`, subscribes to `/__bulletin/events`, then
//! `--edits` times changes the first score of the first entry of the site's last
//! bulletin (alternately to 60.5 and 61.5, so that every edit changes the result), and
//! waits for the next `reload`. Prints each latency, then the median and p95 (nearest
//! rank), and restores the file. `bench/serve.sh` runs it on the 2,000-bulletin site.

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
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut bin, mut site, mut edits) = (None, None, 20);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bin" => bin = Some(PathBuf::from(args.next().ok_or("--bin needs a path")?)),
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
        "GET /__bulletin/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
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
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (port_tx, port_rx) = channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                let _ = port_tx.send(rest.split('/').next().unwrap_or("").to_string());
            } else if ["rebuilt", "built", "error"]
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
        let mut times = Vec::new();
        for i in 0..o.edits {
            let value = if i % 2 == 0 { "60.5" } else { "61.5" };
            let text = with_first_score(&original, value).ok_or("no scores: line to edit")?;
            // Let the watcher settle from the previous write.
            std::thread::sleep(Duration::from_millis(300));
            while rx.try_recv().is_ok() {}
            let started = Instant::now();
            fs::write(&scores, text).map_err(|e| e.to_string())?;
            let (_, at) = rx
                .recv_timeout(Duration::from_secs(300))
                .map_err(|_| format!("edit {}: no reload event", i + 1))?;
            let ms = at.duration_since(started).as_secs_f64() * 1000.0;
            println!("edit {:2}: {ms:.0} ms", i + 1);
            times.push(ms);
        }
        times.sort_by(f64::total_cmp);
        let n = times.len();
        let median = if n % 2 == 1 {
            times[n / 2]
        } else {
            (times[n / 2 - 1] + times[n / 2]) / 2.0
        };
        let p95 = times[((0.95 * n as f64).ceil() as usize).clamp(1, n) - 1];
        println!(
            "edit → reload over {n} edits: median {median:.0} ms, p95 {p95:.0} ms, min {:.0} ms, max {:.0} ms",
            times[0],
            times[n - 1]
        );
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
