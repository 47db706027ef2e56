//! The workspace (工作台) of `bulletin serve`, over HTTP: every safety rule of issue 30
//! (foreign `Host`, no token, foreign `Origin`, traversal and symlinks in every write
//! route, oversized and non-spreadsheet uploads, a file changed on disk under an open
//! editor), each refused with nothing written; and what it writes compared byte for byte
//! with what the command line writes for the same decisions (import, correction).
//!
//! Requests are written by hand on a TCP socket, as in tests/serve.rs, so that headers
//! and paths reach the server exactly as written.

mod common;
use common::{bulletin, copy_tree, read_tree};

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(120);

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// `bulletin serve` on a copy of the import fixture site, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, head (lower-cased), body.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&here().join("site/content"), &root.join("content"));
        fs::write(dir.path().join("outside.md"), "OUTSIDE\n").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("BULLETIN_LANG")
            .env("BULLETIN_NO_OPEN", "1")
            .env("CI", "1")
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let (tx, rx) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some((_, rest)) = line.split_once("/__bulletin/?token=") {
                    let port = line
                        .split("http://127.0.0.1:")
                        .nth(1)
                        .and_then(|p| p.split('/').next())
                        .and_then(|p| p.parse::<u16>().ok())
                        .unwrap();
                    let _ = tx.send((port, rest.trim().to_string()));
                }
            }
        });
        let (port, token) = rx.recv_timeout(WAIT).expect("the workspace's address");
        Server {
            child,
            port,
            token,
            _dir: dir,
            root,
        }
    }

    fn outside(&self) -> PathBuf {
        self.root.parent().unwrap().join("outside.md")
    }

    fn raw(&self, text: &[u8]) -> Answer {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        // The server may answer (413) before a large body is sent: a write that fails
        // then is its business.
        let _ = s.write_all(text);
        let mut all = Vec::new();
        let _ = s.read_to_end(&mut all);
        let split = all
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let head = String::from_utf8_lossy(&all[..split]).to_ascii_lowercase();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        Answer {
            status,
            head,
            body: all[split + 4..].to_vec(),
        }
    }

    fn cookie(&self) -> String {
        format!(
            "Cookie: bulletin_workspace_{}={}\r\n",
            self.port, self.token
        )
    }

    fn origin(&self) -> String {
        format!("Origin: http://127.0.0.1:{}\r\n", self.port)
    }

    /// A request with the given extra header lines and body.
    fn send(&self, method: &str, path: &str, headers: &str, body: &[u8]) -> Answer {
        let mut text = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n",
            self.port,
            body.len()
        )
        .into_bytes();
        text.extend_from_slice(body);
        self.raw(&text)
    }

    fn get(&self, path: &str) -> Answer {
        self.send("GET", path, &self.cookie(), b"")
    }

    /// A write as the workspace's page makes it: cookie, Origin, JSON.
    fn post(&self, path: &str, json: &serde_json::Value) -> Answer {
        let headers = format!(
            "{}{}Content-Type: application/json\r\n",
            self.cookie(),
            self.origin()
        );
        self.send("POST", path, &headers, json.to_string().as_bytes())
    }

    fn upload(&self, name: &str, bytes: &[u8]) -> Answer {
        let headers = format!(
            "{}{}Content-Type: application/octet-stream\r\nX-File-Name: {}\r\n",
            self.cookie(),
            self.origin(),
            encode(name)
        );
        self.send("POST", "/__bulletin/api/import/upload", &headers, bytes)
    }

    fn content(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        read_tree(&self.root.join("content"))
    }
}

fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every route that writes, with a body that would write if it were let through.
fn write_routes() -> Vec<(&'static str, serde_json::Value)> {
    let save = serde_json::json!({
        "path": "content/2025/06-units/index.md", "version": "x", "text": "---\ntitle: 改\n---\n"
    });
    let decisions = serde_json::json!({ "upload": 1, "into": "content/2025/07-units" });
    let correction = serde_json::json!({
        "folder": "content/2025/06-units", "scores": "", "reason": "r", "corrected": "2025-07-10"
    });
    vec![
        ("/__bulletin/api/save", save),
        (
            "/__bulletin/api/undo",
            serde_json::json!({ "path": "content/2025/06-units/index.md", "version": "x" }),
        ),
        ("/__bulletin/api/import/upload", serde_json::json!({})),
        ("/__bulletin/api/import/plan", decisions.clone()),
        ("/__bulletin/api/import/confirm", decisions),
        ("/__bulletin/api/correct/preview", correction.clone()),
        ("/__bulletin/api/correct/save", correction),
        ("/__bulletin/api/build", serde_json::json!({})),
        (
            "/__bulletin/api/open-folder",
            serde_json::json!({ "path": "2025/06-units" }),
        ),
    ]
}

#[test]
fn foreign_host_no_token_and_foreign_origin_are_refused_with_nothing_written() {
    let s = Server::start();
    let before = s.content();
    // The token is traded for a SameSite=Strict cookie; a wrong one gets nothing.
    let first = s.send("GET", &format!("/__bulletin/?token={}", s.token), "", b"");
    assert_eq!(first.status, 303, "{}", first.head);
    assert!(first.head.contains(&format!(
        "set-cookie: bulletin_workspace_{}={}; path=/__bulletin/; httponly; samesite=strict",
        s.port, s.token
    )));
    let wrong = s.send(
        "GET",
        "/__bulletin/?token=0123456789abcdef0123456789abcdef",
        "",
        b"",
    );
    assert_eq!(wrong.status, 403);
    assert!(!wrong.head.contains("set-cookie"));
    for path in [
        "/__bulletin/",
        "/__bulletin/api/bulletins",
        "/__bulletin/api/file?path=content/site.yaml",
    ] {
        assert_eq!(
            s.send("GET", path, "", b"").status,
            403,
            "{path} without the cookie"
        );
        assert_eq!(s.get(path).status, 200, "{path} with the cookie");
    }
    for (route, body) in write_routes() {
        let body = body.to_string();
        let json = "Content-Type: application/json\r\n";
        let cases = [
            (
                "a foreign Host",
                format!(
                    "POST {route} HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n{}{}{json}Content-Length: {}\r\n\r\n{body}",
                    s.port,
                    s.cookie(),
                    format_args!("Origin: http://evil.example:{}\r\n", s.port),
                    body.len()
                ),
            ),
            (
                "no cookie",
                format!(
                    "POST {route} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{}{json}Content-Length: {}\r\n\r\n{body}",
                    s.port,
                    s.origin(),
                    body.len()
                ),
            ),
            (
                "a wrong cookie",
                format!(
                    "POST {route} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nCookie: bulletin_workspace_{}=00000000000000000000000000000000\r\n{}{json}Content-Length: {}\r\n\r\n{body}",
                    s.port,
                    s.port,
                    s.origin(),
                    body.len()
                ),
            ),
            (
                "a foreign Origin",
                format!(
                    "POST {route} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{}Origin: http://evil.example\r\n{json}Content-Length: {}\r\n\r\n{body}",
                    s.port,
                    s.cookie(),
                    body.len()
                ),
            ),
            (
                "no Origin",
                format!(
                    "POST {route} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{}{json}Content-Length: {}\r\n\r\n{body}",
                    s.port,
                    s.cookie(),
                    body.len()
                ),
            ),
        ];
        for (what, request) in cases {
            let a = s.raw(request.as_bytes());
            assert_eq!(
                a.status,
                403,
                "{route} with {what}: {}",
                String::from_utf8_lossy(&a.body)
            );
        }
        // Other methods than GET, HEAD and POST stay refused.
        let put = s.send(
            "PUT",
            route,
            &format!("{}{}", s.cookie(), s.origin()),
            b"{}",
        );
        assert_eq!(put.status, 405, "PUT {route}");
    }
    // A POST outside the workspace's routes is the preview's: reading only.
    let post = s.post("/index.html", &serde_json::json!({}));
    assert_eq!(post.status, 405);
    assert_eq!(s.content(), before, "a refused request wrote something");
    assert!(!s.root.join("public").exists());
}

#[cfg(unix)]
#[test]
fn traversal_and_symlinks_are_refused_in_every_write_route() {
    let s = Server::start();
    let outside_dir = s.root.parent().unwrap().join("elsewhere");
    fs::create_dir_all(&outside_dir).unwrap();
    fs::write(outside_dir.join("index.md"), "---\ntitle: x\n---\n").unwrap();
    std::os::unix::fs::symlink(&outside_dir, s.root.join("content/2025/linked")).unwrap();
    std::os::unix::fs::symlink(s.outside(), s.root.join("content/2025/06-units/linked.md"))
        .unwrap();
    let before = s.content();
    let outside_before = fs::read(s.outside()).unwrap();
    let paths = [
        "content/../outside.md",
        "../outside.md",
        "content/2025/../../../outside.md",
        "/etc/bulletin.md",
        "content\\..\\..\\outside.md",
        "content/2025/06-units/..\\..\\x.md",
        "C:/outside.md",
        "content/C:/x.md",
        "content/.history/2025/06-units/index.md/000001.prev",
        "content/2025/06-units/.hidden.md",
        "templates/page.html",
        "public/index.md",
        "content/2025/06-units/photo.jpg",
        "content/2025/06-units/index.md\u{0}.txt",
        "content/2025/linked/index.md",
        "content/2025/06-units/linked.md",
    ];
    for path in paths {
        for (route, body) in [
            (
                "/__bulletin/api/save",
                serde_json::json!({ "path": path, "version": "absent", "text": "x\n" }),
            ),
            (
                "/__bulletin/api/undo",
                serde_json::json!({ "path": path, "version": "absent" }),
            ),
        ] {
            let a = s.post(route, &body);
            assert!(
                a.status == 403 || a.status == 400 || a.status == 422,
                "{route} {path:?}: {} {}",
                a.status,
                String::from_utf8_lossy(&a.body)
            );
        }
        let read = s.get(&format!("/__bulletin/api/file?path={}", encode(path)));
        assert_ne!(read.status, 200, "reading {path:?}");
    }
    // A folder out of content/, by a path or by a link, for the import and the correction.
    let sheet = fs::read(here().join("sheets/sheets.xlsx")).unwrap();
    let up = s.upload("sheets.xlsx", &sheet);
    assert_eq!(up.status, 200, "{}", String::from_utf8_lossy(&up.body));
    let upload = up.json()["upload"].clone();
    for folder in [
        "content/../elsewhere",
        "../elsewhere",
        "content/2025/linked",
        "/tmp/x",
    ] {
        for route in [
            "/__bulletin/api/import/plan",
            "/__bulletin/api/import/confirm",
        ] {
            let body = serde_json::json!({
                "upload": upload, "like": "content/2025/06-units", "into": folder,
            });
            assert_eq!(s.post(route, &body).status, 403, "{route} into {folder}");
            let body = serde_json::json!({
                "upload": upload, "like": folder, "into": "content/2025/07-units",
            });
            assert_eq!(s.post(route, &body).status, 403, "{route} like {folder}");
        }
        for route in [
            "/__bulletin/api/correct/preview",
            "/__bulletin/api/correct/save",
        ] {
            let body = serde_json::json!({
                "folder": folder, "scores": "x", "reason": "r", "corrected": "2025-07-10",
                "scores_version": "absent", "index_version": "absent",
            });
            assert_eq!(s.post(route, &body).status, 403, "{route} {folder}");
        }
        let open = s.post(
            "/__bulletin/api/open-folder",
            &serde_json::json!({ "path": folder }),
        );
        assert_ne!(open.status, 200, "open-folder {folder}");
    }
    for path in [
        "/__bulletin/out/../content/site.yaml",
        "/__bulletin/out/%2e%2e/content/site.yaml",
    ] {
        assert_ne!(s.get(path).status, 200, "{path}");
    }
    assert_eq!(s.content(), before, "a refused write changed content/");
    assert_eq!(fs::read(s.outside()).unwrap(), outside_before);
    assert_eq!(
        fs::read_to_string(outside_dir.join("index.md")).unwrap(),
        "---\ntitle: x\n---\n"
    );
    assert!(!outside_dir.join("scores.yaml").exists());
}

#[test]
fn oversized_and_non_spreadsheet_uploads_are_refused() {
    let s = Server::start();
    let before = s.content();
    let big = vec![b'a'; 21 * 1024 * 1024];
    assert_eq!(s.upload("big.csv", &big).status, 413);
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend(vec![0u8; 1024]);
    for (name, bytes) in [
        ("setup.exe", b"MZ\x90\x00\x03".to_vec()),
        ("表.xlsx", b"MZ\x90\x00\x03".to_vec()),
        ("page.html", b"<script>alert(1)</script>".to_vec()),
        ("表.csv", b"a,b\0c".to_vec()),
        ("archive.zip", zip.clone()),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n".to_vec()),
    ] {
        let a = s.upload(name, &bytes);
        assert_eq!(
            a.status,
            415,
            "{name}: {}",
            String::from_utf8_lossy(&a.body)
        );
    }
    // A name that is a path is no name.
    assert_eq!(s.upload("../../evil.csv", b"a,b\n").status, 400);
    // A zip that says it is a workbook but is not one: read, refused with its problem.
    let a = s.upload("表.xlsx", &zip);
    assert_eq!(a.status, 422, "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(s.content(), before);
}

#[test]
fn a_file_changed_on_disk_under_an_open_editor_is_not_overwritten() {
    let s = Server::start();
    let path = "content/2025/06-units/index.md";
    let opened = s.get(&format!("/__bulletin/api/file?path={path}")).json();
    let version = opened["version"].as_str().unwrap().to_string();
    assert_eq!(
        opened["form"]["title"],
        "示例区2025年6月部门绩效考核排名通报"
    );
    // Another program saves the file meanwhile.
    let file = s.root.join(path);
    let theirs = fs::read_to_string(&file)
        .unwrap()
        .replace("六月的排名。", "别人写的。");
    fs::write(&file, &theirs).unwrap();
    let mut form = opened["form"].clone();
    form["title"] = "改过的标题".into();
    let save = serde_json::json!({ "path": path, "version": version, "form": form, "body": "我的正文。\n" });
    let a = s.post("/__bulletin/api/save", &save);
    assert_eq!(a.status, 409, "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(a.json()["disk_text"], theirs.as_str());
    assert_eq!(fs::read_to_string(&file).unwrap(), theirs, "overwritten");
    // Asked, the user saves over it: the version on disk is the one named.
    let mut save = save;
    save["version"] = a.json()["disk_version"].clone();
    let ok = s.post("/__bulletin/api/save", &save);
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
    let mine = fs::read_to_string(&file).unwrap();
    assert!(
        mine.starts_with("---\ntitle: 改过的标题\nperiod: 2025-06\n"),
        "{mine}"
    );
    assert!(mine.ends_with("---\n我的正文。\n"), "{mine}");
    // Undo brings back what was there before the save.
    let undo = s.post(
        "/__bulletin/api/undo",
        &serde_json::json!({ "path": path, "version": ok.json()["version"] }),
    );
    assert_eq!(undo.status, 200, "{}", String::from_utf8_lossy(&undo.body));
    assert_eq!(fs::read_to_string(&file).unwrap(), theirs);
    // An undo over a file changed since is refused too.
    fs::write(&file, "---\ntitle: 第三个版本\n---\n").unwrap();
    let stale = s.post(
        "/__bulletin/api/undo",
        &serde_json::json!({ "path": path, "version": undo.json()["version"] }),
    );
    assert_eq!(stale.status, 409);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "---\ntitle: 第三个版本\n---\n"
    );
}

/// The CLI's `bulletin import` into a copy of the fixture site: its tree of content/.
fn cli_import(sheet: &Path, extra: &[&str]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&here().join("site/content"), &tmp.path().join("content"));
    let mut args = vec![
        "import",
        sheet.to_str().unwrap(),
        "--into",
        "content/2025/07-units",
        "--like",
        "content/2025/06-units",
    ];
    args.extend(extra);
    let (code, err) = bulletin(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    read_tree(&tmp.path().join("content"))
}

fn without_history(
    tree: std::collections::BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree.into_iter()
        .filter(|(p, _)| !p.starts_with(".history/"))
        .collect()
}

#[test]
fn the_workspace_writes_what_the_command_line_writes() {
    // A clean sheet, and a sheet whose near name is settled as a rename (`--id`).
    for (sheet, choices, extra) in [
        ("sheets.xlsx", serde_json::json!([]), vec![]),
        (
            "typo.xlsx",
            serde_json::json!([{ "name": "区材政局", "kind": "rename", "id": "czj" }]),
            vec!["--id", "区材政局=czj"],
        ),
    ] {
        let file = here().join("sheets").join(sheet);
        let cli = cli_import(&file, &extra);
        let s = Server::start();
        let up = s.upload(sheet, &fs::read(&file).unwrap());
        assert_eq!(up.status, 200, "{}", String::from_utf8_lossy(&up.body));
        let up = up.json();
        assert_eq!(up["likes"][0]["source"], "content/2025/06-units", "{up}");
        assert_eq!(up["likes"][0]["into"], "content/2025/07-units");
        let decisions = serde_json::json!({
            "upload": up["upload"], "like": "content/2025/06-units",
            "into": "content/2025/07-units", "choices": choices,
        });
        // Shown first: nothing written by a plan.
        let before = s.content();
        let plan = s.post("/__bulletin/api/import/plan", &decisions).json();
        assert_eq!(plan["ok"], true, "{sheet}: {plan}");
        assert_eq!(s.content(), before);
        let done = s.post("/__bulletin/api/import/confirm", &decisions);
        assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
        assert_eq!(
            without_history(s.content()),
            cli,
            "{sheet}: not the CLI's bytes"
        );
    }
}

#[test]
fn a_sheet_with_mistakes_shows_every_problem_at_its_cell_and_writes_nothing() {
    let s = Server::start();
    let file = here().join("sheets/mistakes.xlsx");
    let up = s.upload("mistakes.xlsx", &fs::read(&file).unwrap()).json();
    let decisions = serde_json::json!({
        "upload": up["upload"], "like": "content/2025/06-units", "into": "content/2025/07-units",
    });
    let before = s.content();
    let plan = s.post("/__bulletin/api/import/plan", &decisions).json();
    assert_eq!(plan["ok"], false);
    let cells: Vec<String> = plan["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        cells,
        [
            "mistakes.xlsx › 园区类 › C6",
            "mistakes.xlsx › 经济发展类部门 › B5",
            "mistakes.xlsx › 经济发展类部门 › G5",
        ]
    );
    assert!(
        plan["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["cell"].is_array())
    );
    assert_eq!(plan["unsettled"][0]["kind"], "typo");
    assert_eq!(plan["unsettled"][0]["former"][0], "区财政局");
    let confirm = s.post("/__bulletin/api/import/confirm", &decisions);
    assert_eq!(confirm.status, 422);
    assert_eq!(s.content(), before, "a sheet with mistakes wrote something");
}

#[test]
fn a_correction_writes_what_the_readme_says_to_write_by_hand() {
    let folder = "content/2025/06-units";
    let s = Server::start();
    let scores = fs::read_to_string(s.root.join(folder).join("scores.yaml")).unwrap();
    let line = scores
        .lines()
        .find(|l| l.contains("scores: {"))
        .unwrap()
        .to_string();
    // One score down by ten points.
    let (pre, rest) = line.split_once("scores: { ").unwrap();
    let (first, tail) = rest.split_once(", ").unwrap();
    let (key, value) = first.split_once(": ").unwrap();
    let lowered = value.parse::<rust_decimal::Decimal>().unwrap() - rust_decimal::Decimal::from(10);
    let edited_line = format!("{pre}scores: {{ {key}: {lowered}, {tail}");
    let corrected = scores.replacen(&line, &edited_line, 1);
    assert_ne!(corrected, scores);
    let opened = s
        .get(&format!("/__bulletin/api/correct/open?folder={folder}"))
        .json();
    assert_eq!(opened["revision_file"], "revisions/2025-07-04.scores.yaml");
    let body = serde_json::json!({
        "folder": folder, "scores": corrected, "reason": "经复核，更正一项得分。",
        "corrected": "2025-07-10", "restarts_notice": false,
        "scores_version": opened["scores_version"], "index_version": opened["index_version"],
    });
    let before = s.content();
    let preview = s.post("/__bulletin/api/correct/preview", &body);
    assert_eq!(
        preview.status,
        200,
        "{}",
        String::from_utf8_lossy(&preview.body)
    );
    assert!(
        preview.json()["table"]["items"][0]["rows"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(s.content(), before, "a preview wrote something");
    let saved = s.post("/__bulletin/api/correct/save", &body);
    assert_eq!(
        saved.status,
        200,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );

    // By hand, as README's 更正 says: copy, edit, list it in the front matter.
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&here().join("site/content"), &tmp.path().join("content"));
    let dir = tmp.path().join(folder);
    fs::create_dir_all(dir.join("revisions")).unwrap();
    fs::copy(
        dir.join("scores.yaml"),
        dir.join("revisions/2025-07-04.scores.yaml"),
    )
    .unwrap();
    fs::write(dir.join("scores.yaml"), &corrected).unwrap();
    let index = fs::read_to_string(dir.join("index.md")).unwrap();
    let index = index.replacen(
        "\n---\n",
        "\nrevisions:\n  - file: revisions/2025-07-04.scores.yaml\n    corrected: 2025-07-10\n    reason: 经复核，更正一项得分。\n---\n",
        1,
    );
    fs::write(dir.join("index.md"), index).unwrap();
    assert_eq!(
        without_history(s.content()),
        read_tree(&tmp.path().join("content")),
        "the workspace's correction is not the one written by hand"
    );
    let (code, err) = bulletin(&s.root, &["check", "--today", "2025-07-20"]);
    assert_eq!(code, 0, "{err}");
}

/// `bulletin` with no arguments: the help from a terminal; the workspace when nothing about
/// it is a terminal (a double-click from a file manager), which, finding no site beside
/// the program, says so and offers to make one (and stops at once when nobody answers).
#[cfg(unix)]
#[test]
fn no_arguments_print_the_help_from_a_terminal_and_start_the_workspace_from_a_double_click() {
    let config = tempfile::tempdir().unwrap();
    let run = |term: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_bulletin"));
        c.env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("BULLETIN_LANG")
            .env_remove("CI")
            .env("XDG_CONFIG_HOME", config.path())
            .stdin(Stdio::null());
        match term {
            Some(t) => c.env("TERM", t),
            None => c.env_remove("TERM"),
        };
        let out = c.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, said) = run(Some("xterm"));
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("Usage: bulletin"), "{said}");
    let (code, said) = run(None);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("no site folder"), "{said}");
}

/// `bulletin workspace --root DIR` serves the site with the workspace and says where.
#[test]
fn the_workspace_command_serves_the_site_and_prints_its_address() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&here().join("site/content"), &tmp.path().join("content"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .env("LANG", "C")
        .env_remove("BULLETIN_LANG")
        .env("CI", "1")
        // No browser is opened in a test: `webbrowser` runs $BROWSER.
        .env("BROWSER", "true")
        .env("XDG_CONFIG_HOME", tmp.path().join("config"))
        .args(["workspace", "--port", "0", "--root"])
        .arg(tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut said = String::new();
    let found = loop {
        let Some(Ok(line)) = lines.next() else {
            break false;
        };
        said.push_str(&line);
        said.push('\n');
        if line.contains("/__bulletin/?token=") {
            break true;
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "{said}");
    assert!(said.contains("closing this window stops it"), "{said}");
    let remembered = fs::read_to_string(tmp.path().join("config/bulletin/last-site.txt")).unwrap();
    assert_eq!(
        Path::new(remembered.trim()),
        std::path::absolute(tmp.path()).unwrap()
    );
}
