//! The command line: one function per command. `run` returns the exit code: 0 ok,
//! 1 input error, 2 usage error.

mod start;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{self, Lang};
use crate::settings::{self, Settings};
use crate::{msg, site, tr};

#[derive(Parser, Debug)]
#[command(
    name = "bulletin",
    version,
    about = "A static-site generator for performance-assessment bulletins (绩效考核公示与排名通报)"
)]
struct Cli {
    /// The language of messages: zh or en [default: BULLETIN_LANG, else the locale].
    #[arg(long, global = true, value_name = "zh|en", value_parser = lang_flag)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

fn lang_flag(text: &str) -> Result<Lang, String> {
    Lang::parse(text)
        .filter(|_| !text.eq_ignore_ascii_case("c"))
        .ok_or_else(|| tr!("cli-lang-invalid", value = text))
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
    /// Open the workspace (工作台) in the browser: import, edit, correct, build, print.
    Workspace {
        /// The site folder [default: the one beside the program, else the last one used].
        #[arg(long)]
        root: Option<PathBuf>,
        /// The port; the next free one is used when it is taken.
        #[arg(long, default_value_t = 1111)]
        port: u16,
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
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    i18n::set_lang(crate::i18n::lang_arg(&args).unwrap_or_else(Lang::from_env));
    // Hook: a double-click on the program opens the workspace (src/cli/start.rs).
    if let Some(code) = start::double_click(&args) {
        return code;
    }
    let mut command = crate::cli_help::localise(Cli::command());
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => return crate::cli_help::usage_error(&mut command, &args, &e),
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
            open_workspace: false,
        }),
        Command::Workspace { root, port } => start::launch(root, port, false),
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
            let ms = u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX);
            eprintln!(
                "{}",
                msg!(
                    "build-done",
                    bulletins = report.bulletins,
                    pages = report.pages,
                    files = report.files,
                    output = &report.output,
                    ms = ms
                )
            );
            0
        }
        Err(errors) => {
            print_diagnostics(&errors);
            eprintln!("\n{}", msg!("build-stopped", output = &settings.output));
            1
        }
    }
}

fn check(settings: &Settings) -> i32 {
    match site::check(settings) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            eprintln!("{}", msg!("check-passed"));
            0
        }
        Err(errors) => {
            print_diagnostics(&errors);
            let count = errors.error_count();
            eprintln!("\n{}", msg!("check-failed", count = count));
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
        let d =
            Diagnostic::error(msg!("new-not-empty", dir = dir)).hint(msg!("new-not-empty-help"));
        eprint!("{d}");
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
            let d = Diagnostic::error(msg!(
                "new-cannot-write",
                path = &target,
                reason = crate::i18n::io_reason(&e)
            ));
            eprint!("{d}");
            return 1;
        }
    }
    eprintln!("{}", msg!("new-created", dir = dir));
    if std::io::stderr().is_terminal() {
        eprintln!("  cd {} && bulletin build", dir.display());
    }
    0
}
