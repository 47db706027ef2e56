//! `bulletin serve` over HTTP: the binary started on a free port with a temporary copy
//! of a fixture site; pages, content types, the 404 page, path traversal refused, and
//! the event stream telling of rebuilds and of broken and fixed edits.
//!
//! Requests are written by hand on a TCP socket, so that paths reach the server exactly
//! as written (an HTTP client would normalise `/../` away).

mod common;
use common::copy_tree;

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(60);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic")
}

/// A running `bulletin serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
    root: PathBuf,
    env: Vec<(String, String)>,
}

/// Start `bulletin serve` on `root`: the process, its port and what it says on stderr.
fn spawn(
    root: &Path,
    port: u16,
    lang: &str,
    env: &[(&str, &str)],
) -> (Child, u16, Arc<Mutex<String>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        // Messages in the language asked for, whatever the machine's locale.
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        .envs(env.iter().copied())
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .env("CI", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = channel();
    let stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            // `serving http://127.0.0.1:1111/ …`, `预览地址 http://127.0.0.1:1111/…`
            if let Some((_, rest)) = line.split_once(" http://127.0.0.1:") {
                let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
                let _ = tx.send(port);
            }
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    let port = rx
        .recv_timeout(WAIT)
        .unwrap_or_else(|_| panic!("no `serving` line; stderr:\n{}", log.lock().unwrap()));
    (child, port, log)
}

impl Server {
    /// Serve a copy of the basic fixture, with a file beside `content/` that must never
    /// be served.
    fn start() -> Server {
        Server::start_on(0)
    }

    fn start_on(port: u16) -> Server {
        Server::start_in(port, "C")
    }

    /// Serve under the POSIX locale `lang` (`C`: English, `zh_CN.UTF-8`: Chinese).
    fn start_in(port: u16, lang: &str) -> Server {
        Server::start_with(port, lang, &[])
    }

    /// [`Server::start_in`], with `env` set too.
    fn start_with(port: u16, lang: &str, env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&fixture().join("content"), &root.join("content"));
        fs::write(root.join("secret.txt"), "SECRET-OUTSIDE-THE-SITE").unwrap();
        let (child, port, log) = spawn(&root, port, lang, env);
        Server {
            child,
            port,
            log,
            _dir: dir,
            root,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Stop the server and start another on the same folder and port: a new process,
    /// with nothing in memory.
    fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (&**k, &**v)).collect();
        let (child, port, log) = spawn(&self.root, self.port, "C", &env);
        assert_eq!(
            port, self.port,
            "the same port, so that the pages are the same"
        );
        (self.child, self.log) = (child, log);
    }

    /// Wait until the terminal says `text`.
    fn wait_for(&self, text: &str) {
        let until = Instant::now() + WAIT;
        while !self.log().contains(text) {
            assert!(
                Instant::now() < until,
                "no `{text}`; stderr:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `GET raw` exactly as written: (status, headers lower-cased, body).
    fn get(&self, raw: &str) -> (u16, String, Vec<u8>) {
        self.request(&format!(
            "GET {raw} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// A request written exactly as `text`: (status, headers lower-cased, body).
    fn request(&self, text: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        s.write_all(text.as_bytes()).unwrap();
        let mut all = Vec::new();
        s.read_to_end(&mut all).unwrap();
        let split = all
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&all[..split]).to_ascii_lowercase();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let mut body = all[split + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            body = dechunk(&body);
        }
        (status, head, body)
    }

    fn page(&self, raw: &str) -> String {
        let (status, _, body) = self.get(raw);
        assert_eq!(status, 200, "{raw}");
        String::from_utf8(body).unwrap()
    }

    /// The event stream, as (event, data) pairs arriving on a channel.
    fn events(&self) -> Receiver<(String, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        // HTTP/1.0: the body is the rest of the connection, not chunked.
        write!(
            s,
            "GET /__bulletin/events HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let mut reader = BufReader::new(s);
            let (mut event, mut data) = (String::new(), Vec::<String>::new());
            let mut in_head = true;
            loop {
                text.clear();
                if reader.read_line(&mut text).unwrap_or(0) == 0 {
                    return;
                }
                let line = text.trim_end_matches(['\r', '\n']);
                if in_head {
                    in_head = !line.is_empty();
                    continue;
                }
                if line.is_empty() {
                    if !event.is_empty()
                        && tx
                            .send((std::mem::take(&mut event), data.join("\n")))
                            .is_err()
                    {
                        return;
                    }
                    data.clear();
                } else if let Some(e) = line.strip_prefix("event:") {
                    event = e.trim_start().to_string();
                } else if let Some(d) = line.strip_prefix("data:") {
                    data.push(d.strip_prefix(' ').unwrap_or(d).to_string());
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

/// The next event named `name`, skipping others; panics after WAIT.
fn next(events: &Receiver<(String, String)>, name: &str, server: &Server) -> String {
    let until = Instant::now() + WAIT;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok((e, data)) if e == name => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event; stderr:\n{}", server.log())
}

#[test]
fn pages_content_types_404_and_no_path_out_of_the_site() {
    let server = Server::start();
    let expected = fixture().join("expected");

    let home = server.page("/");
    assert_eq!(
        home.matches("<script src=\"/__bulletin/reload.js\"")
            .count(),
        1
    );
    assert!(!home.contains("bulletin-serve-error"));
    // The built page is served as built, the script before its last </body> only.
    let bulletin = server.page("/2025/03/");
    let script_at = bulletin
        .find("<script src=\"/__bulletin/reload.js\"")
        .unwrap();
    assert!(bulletin[script_at..].contains("</body>"));
    assert!(bulletin.contains("关于测试区2025年3月部门绩效考核结果的公示"));
    assert_eq!(server.page("/2025/03/index.html"), bulletin);

    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/2025/03/print.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/site.js", "text/javascript; charset=utf-8"),
        ("/2025/03/results.json", "application/json; charset=utf-8"),
        ("/2025/03/results.csv", "text/csv; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/2025/03/photo.png", "image/png"),
        ("/2025/03/wechat/econ.png", "image/png"),
        ("/__bulletin/reload.js", "text/javascript; charset=utf-8"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("content-type: {kind}\r\n")),
            "{path}: {head}"
        );
    }
    // Files other than HTML are the built bytes.
    let (_, _, photo) = server.get("/2025/03/photo.png");
    assert_eq!(photo, fs::read(expected.join("2025/03/photo.png")).unwrap());
    let (_, _, css) = server.get("/static/style.css");
    assert_eq!(css, fs::read(expected.join("static/style.css")).unwrap());

    // A folder without its slash goes to the folder, so that relative links work.
    let (status, head, _) = server.get("/2025/03");
    assert_eq!(status, 308);
    assert!(head.contains("location: /2025/03/\r\n"), "{head}");

    // The site's own 404 page, with status 404.
    for missing in ["/nope/", "/2025/04/index.html", "/static/none.css"] {
        let (status, head, body) = server.get(missing);
        assert_eq!(status, 404, "{missing}");
        assert!(head.contains("content-type: text/html; charset=utf-8"));
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("您访问的页面不存在或已移动"), "{body}");
    }

    for raw in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/.%2e/secret.txt",
        "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/index.html%00.png",
        "/secret.txt",
        "/content/site.yaml",
        "/C:/Windows/win.ini",
    ] {
        let (status, _, body) = server.get(raw);
        assert!(status == 400 || status == 404, "{raw}: {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("SECRET") && !body.contains("root:") && !body.contains("base_url"),
            "{raw} served a file outside the site"
        );
    }
    // Only the first port is a given; the built site stays in memory.
    assert!(!server.root.join("public").exists());
}

#[test]
fn edits_reload_and_a_broken_edit_shows_the_terminal_text_until_fixed() {
    let server = Server::start();
    let events = server.events();
    let first: u64 = next(&events, "reload", &server).parse().unwrap();
    let scores = server.root.join("content/2025/03/scores.yaml");
    let good = fs::read_to_string(&scores).unwrap();
    assert!(!server.page("/2025/03/").contains("77.77"));

    // An edited score: a rebuild, a reload event with the next generation, the new page.
    fs::write(&scores, good.replace("total: 90.1", "total: 77.77")).unwrap();
    let second: u64 = next(&events, "reload", &server).parse().unwrap();
    assert_eq!(second, first + 1);
    let page = server.page("/2025/03/");
    assert!(page.contains("77.77"));
    assert!(page.contains(&format!("data-generation=\"{second}\"")));

    // A broken edit: the error on the stream, the last good site still served, with
    // the overlay saying what the terminal says.
    let broken = good.replace("total: 90.1", "total: \"<b>九十</b>\"");
    fs::write(&scores, &broken).unwrap();
    let error = next(&events, "build-error", &server);
    assert!(error.starts_with("error: "), "{error}");
    assert!(
        error.contains("--> content/2025/03/scores.yaml:"),
        "{error}"
    );
    assert!(
        error.contains("<b>九十</b>") && error.contains('^'),
        "{error}"
    );
    // The terminal's text may reach its pipe a moment after the event: wait for it.
    let said = (0..100).any(|_| {
        server.log().contains(&error) || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            false
        }
    });
    assert!(said, "the terminal says the same");
    let page = server.page("/2025/03/");
    assert!(page.contains("77.77"), "the last good site");
    let overlay = page
        .split("<div id=\"bulletin-serve-error\"")
        .nth(1)
        .expect("the overlay");
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    assert!(overlay.contains(&escaped), "{overlay}");
    assert!(!overlay.contains("<b>九十"));
    // A tab opened now learns of the error too.
    let late = server.events();
    assert_eq!(next(&late, "reload", &server), second.to_string());
    assert_eq!(next(&late, "build-error", &server), error);

    // The fix: a reload, no overlay.
    fs::write(&scores, &good).unwrap();
    let third: u64 = next(&events, "reload", &server).parse().unwrap();
    assert_eq!(third, second + 1);
    let page = server.page("/2025/03/");
    assert!(!page.contains("bulletin-serve-error"));
    assert!(page.contains("90.10"));
    assert!(!server.root.join("public").exists());
}

/// Issue 25: the output gate in `serve`. A template override that prints a mobile number
/// is stopped before it is served: the error (the number masked) on the stream and in the
/// overlay, the last good page still served, the number nowhere.
#[test]
fn the_gate_stops_a_number_before_it_is_served() {
    let server = Server::start();
    let events = server.events();
    next(&events, "reload", &server);
    let theme = bulletin::render::THEME
        .iter()
        .find(|(n, _)| *n == "bulletin.html")
        .unwrap()
        .1;
    let at = theme.find("{% block content %}\n").unwrap() + "{% block content %}\n".len();
    let planted = format!(
        "{}<div data-x=\"138-1234-5678\"></div>\n{}",
        &theme[..at],
        &theme[at..]
    );
    fs::create_dir_all(server.root.join("templates")).unwrap();
    fs::write(server.root.join("templates/bulletin.html"), planted).unwrap();
    let error = next(&events, "build-error", &server);
    assert!(
        error.contains("would publish a mobile number (138****5678)")
            && error.contains("--> templates/bulletin.html:"),
        "{error}"
    );
    // The page as it was; only the overlay (served to this machine alone) quotes the
    // template's line, as the terminal does.
    let page = server.page("/2025/03/");
    let (site, overlay) = page
        .split_once("<div id=\"bulletin-serve-error\"")
        .expect("the overlay");
    assert!(
        !site.contains("1234-5678") && !site.contains("data-x"),
        "{site}"
    );
    assert!(overlay.contains("138****5678"), "{overlay}");
}

#[test]
fn under_a_chinese_locale_the_terminal_and_the_overlay_speak_chinese() {
    let server = Server::start_in(0, "zh_CN.UTF-8");
    let events = server.events();
    next(&events, "reload", &server);
    assert!(
        server.log().contains("预览地址 http://127.0.0.1:"),
        "{}",
        server.log()
    );
    let scores = server.root.join("content/2025/03/scores.yaml");
    let good = fs::read_to_string(&scores).unwrap();
    fs::write(&scores, good.replace("total: 90.1", "total: 九十")).unwrap();
    let error = next(&events, "build-error", &server);
    // The same diagnostic as in English, in the catalogue's Chinese: the located line
    // and caret, the hint, the summary.
    assert!(error.starts_with("错误："), "{error}");
    assert!(
        error.contains("--> content/2025/03/scores.yaml:"),
        "{error}"
    );
    assert!(error.contains("提示："), "{error}");
    for english in ["error:", "help:", "warning:", " is not ", " the "] {
        assert!(!error.contains(english), "{english:?} in {error}");
    }
    let page = server.page("/2025/03/");
    let overlay = page
        .split("<div id=\"bulletin-serve-error\"")
        .nth(1)
        .expect("the overlay");
    assert!(overlay.contains("错误："), "{overlay}");
    let said = (0..100).any(|_| {
        server.log().contains("仍在提供上一次成功生成的站点") || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            false
        }
    });
    assert!(said, "{}", server.log());
}

#[test]
fn a_taken_port_gives_the_next_free_one_and_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_on(port);
    assert_ne!(server.port, port);
    assert!(server.port > port && server.port < port.saturating_add(100));
    assert!(
        server.log().contains(&format!(
            "port {port} is in use; using {} instead",
            server.port
        )),
        "{}",
        server.log()
    );
    assert!(server.page("/").contains("reload.js"));
}

/// The site `build` writes for the server's folder and address, in a temporary folder's
/// `public/`.
fn built_by_build(server: &Server) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .env("LANG", "C")
        .args(["build", "--root"])
        .arg(&server.root)
        .args(["--base-url", &format!("http://127.0.0.1:{}/", server.port)])
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    out
}

/// Every file of `public/` that `only` keeps, asked of the server: the same bytes (an
/// HTML page with the reload script before `</body>`). How many were compared.
fn serves_what_build_wrote(server: &Server, out: &Path, only: impl Fn(&str) -> bool) -> usize {
    let public = out.join("public");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file() || !only(&rel) {
            continue;
        }
        let want = fs::read(entry.path()).unwrap();
        let (status, _, got) = server.get(&format!("/{rel}"));
        assert_eq!(status, 200, "{rel}: {}", String::from_utf8_lossy(&got));
        compared += 1;
        if !rel.ends_with(".html") {
            assert!(
                got == want,
                "{rel}: the served file differs from the built one"
            );
            continue;
        }
        // The served page is the built one with the reload script before `</body>`.
        let at = want
            .windows(7)
            .rposition(|w| w == b"</body>")
            .unwrap_or(want.len());
        assert!(
            got.starts_with(&want[..at]) && got.ends_with(&want[at..]),
            "{rel}: the served page differs from the built one"
        );
    }
    compared
}

/// What `serve` makes after the reload (the PNGs, the unit pages) is what `build` writes,
/// byte for byte, whether a tab asked for it first or the server made it on its own.
#[test]
fn deferred_files_are_the_bytes_build_writes() {
    let server = Server::start();
    let events = server.events();
    next(&events, "reload", &server);
    let out = built_by_build(&server);
    let pngs = serves_what_build_wrote(&server, out.path(), |rel| rel.ends_with(".png"));
    let units = serves_what_build_wrote(&server, out.path(), |rel| {
        rel.starts_with("units/") && rel.matches('/').count() == 2 && rel.ends_with("/index.html")
    });
    assert!(pngs >= 3, "{pngs} PNGs compared");
    assert!(units >= 3, "{units} unit pages compared");
}

/// Once the page store holds the site, `serve` reads its files from there rather than
/// holding them in memory: still every byte `build` writes, after the deferred files are
/// kept, in a new process that finds the whole site in the store, and after the cache
/// folder is deleted under it (what a request finds gone is made again).
#[test]
fn a_site_read_from_the_page_store_is_the_site_build_writes() {
    let mut server = Server::start_with(0, "C", &[("BULLETIN_TIMINGS", "1")]);
    server.wait_for("deferred files made and kept");
    let out = built_by_build(&server);
    let files = serves_what_build_wrote(&server, out.path(), |_| true);
    assert!(files >= 50, "{files} files compared");
    let cache = server.root.join(".bulletin-cache/pages-serve");
    assert!(
        fs::read_dir(&cache).unwrap().count() >= 10,
        "kept in the store"
    );

    server.restart();
    assert_eq!(
        serves_what_build_wrote(&server, out.path(), |_| true),
        files
    );
    assert!(!server.log().contains("gone from the page cache"));

    fs::remove_dir_all(server.root.join(".bulletin-cache")).unwrap();
    assert_eq!(
        serves_what_build_wrote(&server, out.path(), |_| true),
        files
    );
    assert!(
        server
            .log()
            .contains("is gone from the page cache: making it again"),
        "{}",
        server.log()
    );
}

/// DNS rebinding: a page of another site whose name now points at 127.0.0.1 would read
/// drafts, held-back bulletins and build errors. Only the server's own addresses get an
/// answer; only GET and HEAD; headers of a bounded size, sent in time.
#[test]
fn foreign_hosts_other_methods_big_and_slow_requests_are_refused() {
    let server = Server::start();
    let port = server.port;
    let paths = [
        "/",
        "/2025/03/",
        "/2025/03/results.json",
        "/__bulletin/events",
        "/__bulletin/reload.js",
        "/nope/",
    ];
    let refused = |what: &str, request: &str, status: u16| {
        let (got, head, body) = server.request(request);
        assert_eq!(got, status, "{what}: {head}");
        assert!(
            head.contains("content-type: text/plain; charset=utf-8\r\n"),
            "{what}: {head}"
        );
        let body = String::from_utf8(body).unwrap();
        assert!(body.len() < 400, "{what}: a short text, not a page: {body}");
        assert!(
            !body.contains("测试区") && !body.contains("<html"),
            "{what}: {body}"
        );
        (head, body)
    };
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("attacker.test:{port}"),
        "127.0.0.1.nip.io".to_string(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.:{port}"),
        format!("127.0.0.1:{}", port + 1),
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        String::new(),
    ] {
        for path in paths {
            let what = format!("Host: {host:?}, {path}");
            let (_, body) = refused(
                &what,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
                403,
            );
            assert!(
                body.contains(&format!("http://127.0.0.1:{port}/")),
                "{body}"
            );
        }
    }
    for path in paths {
        refused(
            &format!("no Host, {path}"),
            &format!("GET {path} HTTP/1.0\r\n\r\n"),
            403,
        );
        refused(
            &format!("two Hosts, {path}"),
            &format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
            ),
            403,
        );
        // The authority of an absolute target is the one that counts (RFC 9112, 3.2.2).
        refused(
            &format!("absolute target, {path}"),
            &format!(
                "GET http://evil.example{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            ),
            403,
        );
    }
    // The server's own names, as a browser sends them (with the port, which is not 80).
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = server.request(&format!(
            "GET /2025/03/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 200, "{host}");
        assert!(
            String::from_utf8(body).unwrap().contains("测试区"),
            "{host}"
        );
    }
    let (status, head, body) = server.request(&format!(
        "HEAD /2025/03/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 200, "{head}");
    assert!(body.is_empty() && head.contains("content-type: text/html"));

    // Reading only: every other method is 405, with what is allowed.
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND",
    ] {
        for path in paths {
            let what = format!("{method} {path}");
            let (head, _) = refused(
                &what,
                &format!(
                    "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                ),
                405,
            );
            assert!(head.contains("allow: get, head\r\n"), "{what}: {head}");
        }
    }

    // Headers over 32 KiB: 431 (from hyper, with no body), in one header or in many.
    let big = "a".repeat(40 * 1024);
    let many: String = (0..90)
        .map(|i| format!("X-{i}: {}\r\n", "b".repeat(400)))
        .collect();
    for (what, headers) in [
        ("one big header", format!("X-Big: {big}\r\n")),
        ("many headers", many),
    ] {
        let (status, head, body) = server.request(&format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}\r\n"
        ));
        assert_eq!(status, 431, "{what}: {head}");
        assert!(body.is_empty(), "{what}");
    }
    // A browser's cookies for localhost fit.
    let cookies = format!("Cookie: {}\r\n", "c=1; ".repeat(2000));
    let (status, _, _) = server.request(&format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{cookies}Connection: close\r\n\r\n"
    ));
    assert_eq!(status, 200);

    // Slow or silent clients are closed once the header time (5 s) is up: a half-sent
    // request, a connection that says nothing, a kept-alive one left idle.
    let closed_within = |name: &'static str, first: String| {
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_read_timeout(Some(Duration::from_millis(500)))
                .unwrap();
            let start = Instant::now();
            s.write_all(first.as_bytes()).unwrap();
            let (mut all, mut buf) = (Vec::new(), [0; 4096]);
            loop {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "{name}: not closed in 20 s"
                );
                match s.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => all.extend_from_slice(&buf[..n]),
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        // Bytes dribbled in one at a time do not keep it open.
                        if name == "dribbled" {
                            let _ = s.write_all(b"X");
                        }
                    }
                    // Reset by the server: closed as well.
                    Err(_) => break,
                }
            }
            (
                name,
                start.elapsed(),
                String::from_utf8_lossy(&all).into_owned(),
            )
        })
    };
    let waits = [
        closed_within(
            "half-sent",
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"),
        ),
        closed_within(
            "dribbled",
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: "),
        ),
        closed_within("silent", String::new()),
        closed_within(
            "idle after a response",
            format!("GET /static/style.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
        ),
    ];
    for w in waits {
        let (name, took, got) = w.join().unwrap();
        assert!(
            took > Duration::from_secs(4) && took < Duration::from_secs(9),
            "{name}: closed after {took:?}, not when the header time was up"
        );
        if name == "idle after a response" {
            assert!(got.starts_with("HTTP/1.1 200 OK"), "{got}");
        } else {
            assert!(!got.contains("200 OK"), "{name}: {got}");
        }
    }
    // The events stream is a response, not a slow request: it stays open past them.
    let events = server.events();
    next(&events, "reload", &server);
    std::thread::sleep(Duration::from_secs(6));
    fs::write(
        server.root.join("content/2025/03/scores.yaml"),
        fs::read_to_string(server.root.join("content/2025/03/scores.yaml"))
            .unwrap()
            .replace("total: 90.1", "total: 80.1"),
    )
    .unwrap();
    next(&events, "reload", &server);
}
