//! `bulletin serve` over HTTP: the binary started on a free port with a temporary copy
//! of a fixture site; pages, content types, the 404 page, path traversal refused, and
//! the event stream telling of rebuilds and of broken and fixed edits.
//!
//! Requests are written by hand on a TCP socket, so that paths reach the server exactly
//! as written (an HTTP client would normalise `/../` away).

mod common;
use common::copy_tree;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
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
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&fixture().join("content"), &root.join("content"));
        fs::write(root.join("secret.txt"), "SECRET-OUTSIDE-THE-SITE").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            // Messages in the language asked for, whatever the machine's locale.
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("BULLETIN_LANG")
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(&root)
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
        Server {
            child,
            port,
            log,
            _dir: dir,
            root,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `GET raw` exactly as written: (status, headers lower-cased, body).
    fn get(&self, raw: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "GET {raw} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
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
            "GET /__bulletin/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
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

/// What `serve` makes after the reload (the PNGs, the unit pages) is what `build` writes,
/// byte for byte, whether a tab asked for it first or the server made it on its own.
#[test]
fn deferred_files_are_the_bytes_build_writes() {
    let server = Server::start();
    let events = server.events();
    next(&events, "reload", &server);
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
    let (mut pngs, mut units) = (0, 0);
    for entry in walkdir::WalkDir::new(out.path().join("public")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(out.path().join("public"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let unit_page = rel.starts_with("units/") && rel.matches('/').count() == 2;
        let png = rel.ends_with(".png");
        if !entry.file_type().is_file() || !(png || unit_page && rel.ends_with("/index.html")) {
            continue;
        }
        let want = fs::read(entry.path()).unwrap();
        let (status, _, got) = server.get(&format!("/{rel}"));
        assert_eq!(status, 200, "{rel}");
        if png {
            pngs += 1;
            assert!(
                got == want,
                "{rel}: the served PNG differs from the built one"
            );
        } else {
            units += 1;
            // The served page is the built one with the reload script before `</body>`.
            let at = want
                .windows(7)
                .rposition(|w| w == b"</body>")
                .expect("a page");
            assert!(
                got.starts_with(&want[..at]) && got.ends_with(&want[at..]),
                "{rel}: the served unit page differs from the built one"
            );
        }
    }
    assert!(pngs >= 3, "{pngs} PNGs compared");
    assert!(units >= 3, "{units} unit pages compared");
}
