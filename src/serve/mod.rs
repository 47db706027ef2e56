//! `bulletin serve`: build the site (into memory, then the page store: [`stored`]), serve
//! it on 127.0.0.1, rebuild on every change of `content/` or `templates/`, and reload the
//! open tabs. `public/` is never written. A build that fails keeps the last good site
//! served and shows its errors, the text the terminal shows, over every page until an
//! edit fixes them.
//!
//! The build is the library's public one (`site::generate` into an in-memory sink); how
//! it renders, and what it reuses from the previous build, is its own business.

pub mod guard;
pub mod http;
pub mod memory;
pub mod stored;
pub mod watch;

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use http::{Notice, Shared};

use crate::diag::Diagnostic;
use crate::i18n::Message;
use crate::{msg, tr};

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
    /// With `open`: open the workspace (工作台) rather than the home page.
    pub open_workspace: bool,
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
            let d = Diagnostic::error(msg!("serve-no-content", root = &options.root))
                .hint(msg!("serve-no-content-help"));
            eprint!("{d}");
            return 1;
        }
    };
    let (listener, addr) = match bind(options.interface, options.port) {
        Ok(l) => l,
        Err(e) => {
            eprint!("{}", Diagnostic::error(e));
            return 1;
        }
    };
    if options.port != 0 && addr.port() != options.port {
        eprintln!(
            "{}",
            msg!(
                "serve-port-taken",
                port = options.port,
                instead = addr.port()
            )
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
            eprint!("{}", Diagnostic::error(e));
            return 1;
        }
    };
    let _ = shared.poke.set(watcher.poke());
    let builds = Arc::new(AtomicU64::new(0));
    rebuild(&shared, &builds, &root, &url, &watch::Change::default());
    let builder = {
        let (shared, root, url) = (shared.clone(), root.clone(), url.clone());
        std::thread::spawn(move || {
            while let Some(changed) = watcher.next_change() {
                shared.db.changed(changed.paths.as_deref());
                rebuild(&shared, &builds, &root, &url, &changed);
            }
        })
    };
    if !options.interface.is_loopback() {
        let d = Diagnostic::warning(msg!(
            "serve-open-interface",
            interface = options.interface.to_string()
        ));
        eprint!("{d}");
    }
    eprintln!("{}", msg!("serve-serving", url = &url));
    // Hook: the workspace (src/workspace/), at /__bulletin/ on the same server.
    let workspace = crate::workspace::Workspace::new(&root, addr.port());
    let workspace_url = workspace.address(&url);
    eprintln!("{}", msg!("ws-serving", url = &workspace_url));
    let opened = if options.open_workspace {
        &workspace_url
    } else {
        &url
    };
    if options.open
        && let Err(e) = webbrowser::open(opened)
    {
        let d = Diagnostic::warning(msg!("serve-no-browser", detail = e.to_string()))
            .hint(msg!("serve-no-browser-help", url = &url));
        eprint!("{d}");
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let d = Diagnostic::error(msg!(
                "serve-cannot-start",
                reason = crate::i18n::io_reason(&e)
            ));
            eprint!("{d}");
            return 1;
        }
    };
    let code = runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                let d = Diagnostic::error(msg!(
                    "serve-cannot-listen",
                    addr = addr.to_string(),
                    reason = crate::i18n::io_reason(&e)
                ));
                eprint!("{d}");
                return 1;
            }
        };
        let app = guard::guarded(
            http::router(shared).merge(crate::workspace::router(workspace)),
            guard::Guard {
                port: addr.port(),
                interface: options.interface,
            },
        );
        // Open event streams never end: stop at Ctrl-C without waiting for them.
        tokio::select! {
            () = guard::serve(listener, app) => 0,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("{}", msg!("serve-stopped"));
                0
            }
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
    drop(builder);
    code
}

/// Listen on `port`, or the next free port after it.
fn bind(interface: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), Message> {
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
                    .map_err(|e| listen_error(&interface.to_string(), &e))?;
                l.set_nonblocking(true)
                    .map_err(|e| listen_error(&addr.to_string(), &e))?;
                return Ok((l, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => tried.push(p),
            Err(e) => return Err(listen_error(&format!("{interface}:{p}"), &e)),
        }
    }
    Err(msg!(
        "serve-ports-taken",
        first = port,
        last = last,
        interface = interface.to_string()
    ))
}

fn listen_error(addr: &str, e: &std::io::Error) -> Message {
    msg!(
        "serve-cannot-listen",
        addr = addr,
        reason = crate::i18n::io_reason(e)
    )
}

/// Build the whole site into memory; serve it when it builds, otherwise keep the last
/// good one and show the errors. Tell the open tabs either way.
fn rebuild(
    shared: &Arc<Shared>,
    builds: &Arc<AtomicU64>,
    root: &Path,
    url: &str,
    change: &watch::Change,
) {
    builds.fetch_add(1, Relaxed);
    let changed = change.shown.as_slice();
    let spinner = spinner(changed);
    let previous = shared.current.get().files;
    let vanished = shared
        .vanished
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let built = memory::build(root, url, previous.clone(), &shared.db, &vanished);
    spinner.finish_and_clear();
    match built {
        Ok(built) => {
            if !built.warnings.0.is_empty() {
                eprint!("{}", built.warnings);
            }
            let files = built.files.len();
            let generation = shared.current.publish(built.files);
            let served = shared.current.get().files;
            let ms = u64::try_from(built.elapsed.as_millis()).unwrap_or(u64::MAX);
            let done = if changed.is_empty() {
                msg!(
                    "serve-built",
                    bulletins = built.bulletins,
                    files = files,
                    ms = ms
                )
            } else {
                msg!(
                    "serve-rebuilt",
                    bulletins = built.bulletins,
                    files = files,
                    ms = ms
                )
            };
            eprintln!("{done}");
            shared
                .vanished
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .retain(|k| !vanished.contains(k));
            shared.notify(Notice::Reload(generation));
            // Off the way to the reload, and before what is deferred adds to the stores.
            stored::prune(built.prune, &served, &previous);
            rayon::spawn(move || drop(previous));
            // What was deferred is made now, while the tabs reload (a tab asking first
            // has its file made at once), and given up when the next edit comes first;
            // then the page store holds it and memory lets it go. A file that cannot be
            // made is an error of this build, shown as one until an edit fixes it.
            let (shared, store, begun) = (shared.clone(), built.store, builds.clone());
            let this = begun.load(Relaxed);
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let superseded = || begun.load(Relaxed) != this;
                let errors = stored::make_deferred(&served, store.as_ref(), &superseded);
                if crate::timing::enabled() && !superseded() {
                    let ms = started.elapsed().as_millis();
                    eprintln!("timings: deferred files made and kept in {ms} ms");
                }
                let Some(errors) = errors else {
                    return;
                };
                if !superseded() && shared.current.get().generation == generation {
                    failed(&shared, &errors);
                }
            });
        }
        Err(errors) => failed(shared, &errors),
    }
}

/// A build that failed: its errors on the terminal and over every page; the last good
/// site stays served.
fn failed(shared: &Shared, errors: &crate::diag::Diagnostics) {
    let text = errors.to_string();
    eprint!("{text}");
    let count = errors.error_count();
    eprintln!("\n{}", msg!("serve-build-failed", count = count));
    shared.current.fail(text.clone());
    shared.notify(Notice::Error(text.into()));
}

/// A spinner while a build runs, on a terminal only and never under CI.
fn spinner(changed: &[String]) -> indicatif::ProgressBar {
    let quiet = !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some();
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(match changed {
        [] => tr!("serve-building"),
        [one] => tr!("serve-changed-one", file = one),
        [one, rest @ ..] => tr!("serve-changed-many", file = one, more = rest.len()),
    });
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
