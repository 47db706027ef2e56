//! Starting the workspace without a command: a double-click on the program. It finds the
//! site folder (beside the program, else the last one used, else it offers to make one
//! from the example), serves it with the workspace and opens the default browser on it;
//! its console window stays open, says the address and that closing it stops the
//! workspace. From a terminal, `bulletin` with no arguments prints its help as before.

use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::{msg, tr};

/// Whether this process was started by a double-click rather than from a terminal: on
/// Windows, by Explorer (its parent process); elsewhere, when nothing about it is a
/// terminal (a file manager starts it so) and neither CI nor a terminal type is set.
pub fn started_by_double_click() -> bool {
    #[cfg(windows)]
    {
        crabtrap::started_by_explorer()
    }
    #[cfg(not(windows))]
    {
        use std::io::IsTerminal;
        !std::io::stdin().is_terminal()
            && !std::io::stdout().is_terminal()
            && !std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && std::env::var_os("TERM").is_none()
    }
}

/// `bulletin` with no arguments: the workspace when double-clicked (its exit code),
/// `None` to print the help.
pub fn double_click(args: &[OsString]) -> Option<i32> {
    (args.len() <= 1 && started_by_double_click()).then(|| launch(None, 1111, true))
}

/// Where the last site used is remembered.
fn memory_file() -> Option<PathBuf> {
    let base = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
    }?;
    Some(base.join("bulletin").join("last-site.txt"))
}

fn is_site(dir: &Path) -> bool {
    dir.join("content").join("site.yaml").is_file()
}

/// The site to open: the folder beside the program if it is one, else the last one used,
/// else a site folder inside the program's folder (the archive's 示例站点).
pub fn find_site(beside: &Path, last: Option<&Path>) -> Option<PathBuf> {
    if is_site(beside) {
        return Some(beside.to_path_buf());
    }
    if let Some(last) = last.filter(|l| is_site(l)) {
        return Some(last.to_path_buf());
    }
    let mut inside: Vec<PathBuf> = std::fs::read_dir(beside)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_site(p))
        .collect();
    inside.sort();
    inside.into_iter().next()
}

/// Wait for Enter, so that a window opened for this process stays until it is read.
fn wait_for_enter(double_clicked: bool) {
    if double_clicked {
        eprintln!("{}", msg!("ws-press-enter"));
        let _ = std::io::stdin().lock().read_line(&mut String::new());
    }
}

/// Start the workspace on `root` (or the site found, see [`find_site`]) and open the
/// browser on it. Returns when the server stops.
pub fn launch(root: Option<PathBuf>, port: u16, double_clicked: bool) -> i32 {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let memory = memory_file();
    let last = memory
        .as_ref()
        .and_then(|m| std::fs::read_to_string(m).ok())
        .map(|t| PathBuf::from(t.trim()));
    let root = match root.or_else(|| find_site(&beside, last.as_deref())) {
        Some(r) => r,
        None => {
            let new = beside.join(tr!("ws-new-site-folder"));
            eprintln!("{}", msg!("ws-no-site", folder = &beside, new = &new));
            if !double_clicked {
                return 1;
            }
            let mut line = String::new();
            let answered = std::io::stdin().lock().read_line(&mut line);
            if !matches!(answered, Ok(n) if n > 0) {
                return 1;
            }
            let code = super::run([
                OsString::from("bulletin"),
                OsString::from("new"),
                new.clone().into_os_string(),
            ]);
            if code != 0 {
                wait_for_enter(double_clicked);
                return code;
            }
            new
        }
    };
    if let Some(m) = &memory {
        let abs = std::path::absolute(&root).unwrap_or_else(|_| root.clone());
        let _ = std::fs::create_dir_all(m.parent().unwrap_or(Path::new(".")));
        let _ = std::fs::write(m, abs.display().to_string());
    }
    eprintln!("{}", msg!("ws-starting", root = &root));
    let code = crate::serve::run(&crate::serve::ServeOptions {
        root,
        port,
        interface: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        open: true,
        open_workspace: true,
    });
    if code != 0 {
        wait_for_enter(double_clicked);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_beside_the_program_then_the_last_then_one_inside() {
        let tmp = std::env::temp_dir().join(format!("bulletin-start-{}", std::process::id()));
        let site = |p: &Path| {
            std::fs::create_dir_all(p.join("content")).unwrap();
            std::fs::write(p.join("content/site.yaml"), "title: x\n").unwrap();
        };
        let (program, last, inside) = (tmp.join("bin"), tmp.join("last"), tmp.join("bin/示例站点"));
        std::fs::create_dir_all(&program).unwrap();
        assert_eq!(find_site(&program, None), None);
        site(&inside);
        assert_eq!(find_site(&program, None), Some(inside.clone()));
        site(&last);
        assert_eq!(find_site(&program, Some(&last)), Some(last.clone()));
        site(&program);
        assert_eq!(find_site(&program, Some(&last)), Some(program.clone()));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
