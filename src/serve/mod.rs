//! `bulletin serve`: build the site into memory, serve it on 127.0.0.1, rebuild on every
//! change of `content/` or `templates/`, and reload the open tabs. `public/` is never
//! written. A build that fails keeps the last good site served and shows its errors, the
//! text the terminal shows, over every page until an edit fixes them.
//!
//! The build is the library's public one (`site::generate` into an in-memory sink); how
//! it renders, and what it reuses from the previous build, is its own business.

pub mod http;
pub mod memory;
pub mod watch;

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use http::{Notice, Shared};

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder, holding `content/` and optionally `templates/`.
    pub root: PathBuf,
    /// The first port to try; the next free one is taken when it is in use. 0: any.
    pub port: u16,
    /// The address to listen on: 127.0.0.1 unless the user says otherwise.
    pub interface: IpAddr,
    /// Open the default browser on the home page.
    pub open: bool,
}

/// How many ports after `--port` are tried when it is taken.
const PORT_TRIES: u16 = 100;

/// The site folder as an absolute path, as the watcher reports changes below it. On
/// Windows not `canonicalize`: its `\\?\C:\…` form takes no `/` as a separator, and
/// page and template paths are joined with `/`.
fn absolute_root(root: &Path) -> std::io::Result<PathBuf> {
    #[cfg(windows)]
    {
        std::path::absolute(root)
    }
    #[cfg(not(windows))]
    {
        root.canonicalize()
    }
}

/// Run the server until Ctrl-C. The exit code: 0 stopped, 1 cannot start.
pub fn run(options: &ServeOptions) -> i32 {
    let root = match absolute_root(&options.root) {
        Ok(r) if r.join("content").is_dir() => r,
        _ => {
            eprintln!(
                "error: {} has no content/ folder\n  = help: run `bulletin serve` in a site folder, or name it with --root",
                options.root.display()
            );
            return 1;
        }
    };
    let (listener, addr) = match bind(options.interface, options.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if options.port != 0 && addr.port() != options.port {
        eprintln!(
            "port {} is in use; using {} instead",
            options.port,
            addr.port()
        );
    }
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let shared = Shared::new();

    let mut watcher = match watch::Watcher::start(&root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    rebuild(&shared, &root, &url, &[]);
    let builder = {
        let (shared, root, url) = (shared.clone(), root.clone(), url.clone());
        std::thread::spawn(move || {
            while let Some(changed) = watcher.next_change() {
                rebuild(&shared, &root, &url, &changed);
            }
        })
    };
    if !options.interface.is_loopback() {
        eprintln!(
            "warning: listening on {} — anyone who can reach this machine can read the site",
            options.interface
        );
    }
    eprintln!("serving {url} (watching content/ and templates/; Ctrl-C to stop)");
    if options.open
        && let Err(e) = webbrowser::open(&url)
    {
        eprintln!("warning: cannot open a browser: {e}\n  = help: open {url} yourself");
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    let code = runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {addr}: {e}");
                return 1;
            }
        };
        let app = http::router(shared);
        // Open event streams never end: stop at Ctrl-C without waiting for them.
        tokio::select! {
            served = axum::serve(listener, app) => {
                if let Err(e) = served {
                    eprintln!("error: the server stopped: {e}");
                    return 1;
                }
                0
            }
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopped");
                0
            }
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
    drop(builder);
    code
}

/// Listen on `port`, or the next free port after it.
fn bind(interface: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), String> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES - 1)
    };
    let mut tried = Vec::new();
    for p in port..=last {
        match TcpListener::bind((interface, p)) {
            Ok(l) => {
                let addr = l
                    .local_addr()
                    .map_err(|e| format!("cannot listen on {interface}: {e}"))?;
                l.set_nonblocking(true)
                    .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
                return Ok((l, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => tried.push(p),
            Err(e) => return Err(format!("cannot listen on {interface}:{p}: {e}")),
        }
    }
    Err(format!(
        "ports {port} to {last} on {interface} are all in use\n  = help: name another with --port"
    ))
}

/// Build the whole site into memory; serve it when it builds, otherwise keep the last
/// good one and show the errors. Tell the open tabs either way.
fn rebuild(shared: &Shared, root: &std::path::Path, url: &str, changed: &[String]) {
    let spinner = spinner(changed);
    let built = memory::build(root, url, shared.current.get().files, &shared.loaded);
    spinner.finish_and_clear();
    match built {
        Ok(built) => {
            if !built.warnings.0.is_empty() {
                eprint!("{}", built.warnings);
            }
            let files = built.files.len();
            let generation = shared.current.publish(built.files);
            eprintln!(
                "{} {} bulletins ({files} files) in {} ms",
                if changed.is_empty() {
                    "built"
                } else {
                    "rebuilt"
                },
                built.bulletins,
                built.elapsed.as_millis()
            );
            shared.notify(Notice::Reload(generation));
        }
        Err(errors) => {
            let text = errors.to_string();
            eprint!("{text}");
            let n = errors.error_count();
            eprintln!(
                "\nbuild failed ({n} error{}): still serving the last good site; the error is shown in the browser",
                if n == 1 { "" } else { "s" }
            );
            shared.current.fail(text.clone());
            shared.notify(Notice::Error(text.into()));
        }
    }
}

/// A spinner while a build runs, on a terminal only and never under CI.
fn spinner(changed: &[String]) -> indicatif::ProgressBar {
    let quiet = !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some();
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(match changed {
        [] => "building the site".to_string(),
        [one] => format!("{one} changed: rebuilding"),
        [one, rest @ ..] => format!("{one} and {} more changed: rebuilding", rest.len()),
    });
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
