//! The command line: one function per command. `run` returns the exit code: 0 ok,
//! 1 input error, 2 usage error.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::settings::{self, Settings};
use crate::site;

#[derive(Parser, Debug)]
#[command(
    name = "bulletin",
    version,
    about = "A static-site generator for performance-assessment bulletins (绩效考核公示与排名通报)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a new site with a small working example and the default templates.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Build the whole site into public/, atomically.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace base_url of site.yaml.
        #[arg(long, value_parser = settings::base_url)]
        base_url: Option<String>,
        /// Draw every chart again instead of reusing ROOT/.bulletin-cache/.
        #[arg(long)]
        no_cache: bool,
    },
    /// Run every check of build without writing anything; list all errors.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings (a masked ID or mobile number) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Turn an assessment office's spreadsheet into a checked bulletin (or write a blank one).
    Import(crate::import::ImportArgs),
    /// Build into memory, serve on 127.0.0.1, rebuild and reload the browser on every edit.
    Serve {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; the next free one is used when it is taken (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; other than 127.0.0.1 makes the site reachable by others.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        interface: std::net::IpAddr,
        /// Open the home page in the default browser.
        #[arg(long)]
        open: bool,
    },
}

/// What `build` and `check` share.
#[derive(clap::Args, Debug)]
struct SiteArgs {
    /// The site folder (holding content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The build day: bulletins published after it are held back, and pages state notice
    /// periods as of it without JavaScript [default: today in China, UTC+8].
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<jiff::civil::Date>,
    /// Publish bulletins whose `published` day is after the build day.
    #[arg(long)]
    future: bool,
    /// Publish drafts (`draft: true`).
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn settings(self) -> Settings {
        let mut s = Settings::new(self.root);
        if let Some(day) = self.today {
            s.today = day;
        }
        s.future = self.future;
        s.drafts = self.drafts;
        s
    }
}

/// Parse `args` and run the command.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::New { dir } => new(&dir),
        Command::Build {
            site,
            output,
            base_url,
            no_cache,
        } => {
            let mut s = site.settings();
            if let Some(o) = output {
                s.output = o;
            }
            s.base_url = base_url;
            s.cache = !no_cache;
            build(&s)
        }
        Command::Check { site, strict } => {
            let mut s = site.settings();
            s.strict = strict;
            check(&s)
        }
        Command::Import(args) => crate::import::run(&args),
        Command::Serve {
            root,
            port,
            interface,
            open,
        } => crate::serve::run(&crate::serve::ServeOptions {
            root,
            port,
            interface,
            open,
        }),
    }
}

fn print_diagnostics(d: &Diagnostics) {
    if !d.0.is_empty() {
        eprint!("{d}");
    }
}

fn build(settings: &Settings) -> i32 {
    match site::build(settings) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            eprintln!(
                "built {} bulletins, {} pages ({} files) into {} in {} ms",
                report.bulletins,
                report.pages,
                report.files,
                report.output.display(),
                report.elapsed.as_millis()
            );
            0
        }
        Err(errors) => {
            print_diagnostics(&errors);
            eprintln!(
                "\nbuild stopped: {} left unchanged",
                settings.output.display()
            );
            1
        }
    }
}

fn check(settings: &Settings) -> i32 {
    match site::check(settings) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            eprintln!("check passed");
            0
        }
        Err(errors) => {
            print_diagnostics(&errors);
            let n = errors.error_count();
            eprintln!("\ncheck failed: {n} error{}", if n == 1 { "" } else { "s" });
            1
        }
    }
}

/// The example `new` writes: a site with one bulletin that builds as it is.
const NEW_SITE: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("new_site/site.yaml")),
    ("content/index.md", include_str!("new_site/index.md")),
    (
        "content/2025/01/index.md",
        include_str!("new_site/bulletin.md"),
    ),
    (
        "content/2025/01/scores.yaml",
        include_str!("new_site/scores.yaml"),
    ),
];

fn new(dir: &Path) -> i32 {
    let occupied = dir.read_dir().is_ok_and(|mut d| d.next().is_some());
    if occupied {
        eprintln!(
            "error: {} exists and is not empty\n  = help: name a new folder, e.g. `bulletin new my-site`",
            dir.display()
        );
        return 1;
    }
    let theme = crate::render::THEME
        .iter()
        .map(|(name, text)| (format!("templates/{name}"), *text));
    let files = NEW_SITE
        .iter()
        .map(|(p, t)| (p.to_string(), *t))
        .chain(theme);
    for (path, text) in files {
        let target = dir.join(&path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, text));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", target.display());
            return 1;
        }
    }
    let hint = if std::io::stderr().is_terminal() {
        "\n  cd {dir} && bulletin build"
    } else {
        ""
    };
    eprintln!(
        "created a new site in {}{}",
        dir.display(),
        hint.replace("{dir}", &dir.display().to_string())
    );
    0
}
