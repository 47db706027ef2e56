//! Phase times of a build, on stderr when `BULLETIN_TIMINGS` is set: what the benchmarks
//! in BENCHMARKS.md read to say where a build's time goes. Off, a mark costs one branch.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `BULLETIN_TIMINGS` is set (read once).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BULLETIN_TIMINGS").is_some())
}

/// The phases of one build, each from the end of the one before.
pub struct Phases {
    last: Option<Instant>,
    done: Vec<(&'static str, u128)>,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            last: enabled().then(Instant::now),
            done: Vec::new(),
        }
    }

    /// The phase `name` ends now.
    pub fn mark(&mut self, name: &'static str) {
        if let Some(last) = self.last {
            let now = Instant::now();
            self.done.push((name, (now - last).as_micros()));
            self.last = Some(now);
        }
    }

    /// One line on stderr: `timings: load 12.3 ms, rank 4.5 ms, …`.
    pub fn print(&self) {
        if self.last.is_some() {
            let parts: Vec<String> = self
                .done
                .iter()
                .map(|(name, us)| format!("{name} {:.1} ms", *us as f64 / 1000.0))
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}
