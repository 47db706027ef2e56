//! The language of every word the tool says: Fluent catalogues in `locales/LANG/*.ftl`,
//! embedded in the binary, one chosen once per process.
//!
//! A text is built at the point of error as a [`Message`]: an id of the catalogues and
//! typed arguments, e.g. `msg!("weights-sum", category = id, sum = 95)`. It is rendered
//! in the process's language when it is printed (`Display`), so a diagnostic
//! carries no language of its own and `serve`'s overlay shows what the terminal shows.
//!
//! Converting an English message (see also locales/README.md):
//! 1. give it an id and write it in `locales/en-US/<area>.ftl` with `{ $name }` for each
//!    argument, as it read before (backticks around code);
//! 2. write the same id with the same arguments in `locales/zh-CN/<area>.ftl`: the domain's
//!    terms, full-width punctuation (，。：“”), code, ids, paths and numbers as written;
//! 3. replace the `format!(…)`/literal by `msg!("the-id", name = value, …)`.
//!
//! `cargo test --test i18n` checks that both catalogues hold the same ids with the same
//! arguments, that every id used in `src/` exists with the arguments it is given, and that
//! no diagnostic of `src/` is still built from an English literal.

use std::borrow::Cow;
use std::fmt;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language of the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `zh`, `zh-CN`, `zh_CN.UTF-8`, `chinese` → Chinese; `en*`, `C`, `POSIX` → English.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "chinese" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" || s.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From the environment: `BULLETIN_LANG`, then the POSIX locale (`LC_ALL`, else
    /// `LC_MESSAGES`, else `LANG`: the first that is set decides), then on Windows the
    /// UI language; English when none says Chinese.
    pub fn from_env() -> Lang {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(lang) = var("BULLETIN_LANG").as_deref().and_then(Lang::parse) {
            return lang;
        }
        if let Some(locale) = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(var) {
            return Lang::parse(&locale).unwrap_or(Lang::En);
        }
        system_lang().unwrap_or(Lang::En)
    }
}

#[cfg(windows)]
fn system_lang() -> Option<Lang> {
    sys_locale::get_locale().as_deref().and_then(Lang::parse)
}

#[cfg(not(windows))]
fn system_lang() -> Option<Lang> {
    None
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Choose the language of this process; the first call wins (the CLI makes it once,
/// before anything is printed). A library caller that never chooses gets English.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of this process.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

macro_rules! catalogue {
    ($lang:literal: $($file:literal),*) => {
        &[$(include_str!(concat!("../locales/", $lang, "/", $file, ".ftl"))),*]
    };
}

/// The catalogues' files, as embedded: (area, English text, Chinese text).
pub const AREAS: &[&str] = &[
    "diag",
    "cli",
    "load",
    "import",
    "serve",
    "render",
    "workspace",
];
const EN: &[&str] =
    catalogue!("en-US": "diag", "cli", "load", "import", "serve", "render", "workspace");
const ZH: &[&str] =
    catalogue!("zh-CN": "diag", "cli", "load", "import", "serve", "render", "workspace");

fn bundle(locale: &str, files: &[&str]) -> FluentBundle<FluentResource> {
    let id = locale.parse().expect("a valid locale id");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No FSI/PDI marks around arguments: they would reach terminals and golden files.
    bundle.set_use_isolating(false);
    for text in files {
        // The catalogues are tested (tests/i18n.rs): a syntax error cannot ship.
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

static BUNDLE_EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle("en-US", EN));
static BUNDLE_ZH: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle("zh-CN", ZH));

/// A typed argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text as written: an id, a path, a value from the content, a decimal as written.
    Str(String),
    /// A count or another integer (plural forms select on it).
    Int(i64),
    /// A phrase of the catalogues, rendered in the same language (e.g. what a value is).
    Msg(Box<Message>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Self {
        Arg::Str(s.into_owned())
    }
}
impl From<char> for Arg {
    fn from(c: char) -> Self {
        Arg::Str(c.to_string())
    }
}
impl From<rust_decimal::Decimal> for Arg {
    fn from(d: rust_decimal::Decimal) -> Self {
        Arg::Str(d.to_string())
    }
}
impl From<&std::path::Path> for Arg {
    fn from(p: &std::path::Path) -> Self {
        Arg::Str(p.display().to_string())
    }
}
impl From<&std::path::PathBuf> for Arg {
    fn from(p: &std::path::PathBuf) -> Self {
        Arg::Str(p.display().to_string())
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Msg(Box::new(m))
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i8, i16, i32, i64, u8, u16, u32, u64, usize);

/// A text for the user: an id of the catalogues with its arguments, rendered when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: Cow<'static, str>,
    args: Vec<(&'static str, Arg)>,
    /// Text passed through as it is: a foreign library's own words, or text of the content.
    verbatim: bool,
}

impl Message {
    pub fn new(id: &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Message {
            id: Cow::Borrowed(id),
            args,
            verbatim: false,
        }
    }

    /// A message whose id is made at run time (the help of a flag, `cli-build-root`).
    pub fn dynamic(id: String, args: Vec<(&'static str, Arg)>) -> Self {
        Message {
            id: Cow::Owned(id),
            args,
            verbatim: false,
        }
    }

    /// Text shown as it is, in every language: only for what the tool does not write
    /// itself (a template engine's or the system's own words, a quoted cell).
    pub fn verbatim(text: impl Into<String>) -> Self {
        Message {
            id: Cow::Owned(text.into()),
            args: Vec::new(),
            verbatim: true,
        }
    }

    /// The id of the catalogues (the text itself for a verbatim message).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The message in the process's language.
    pub fn render(&self) -> String {
        self.render_in(lang())
    }

    /// The message in `lang`; a missing id falls back to English, then to the id.
    pub fn render_in(&self, lang: Lang) -> String {
        if self.verbatim {
            return self.id.to_string();
        }
        let mut args = FluentArgs::new();
        for (name, arg) in &self.args {
            let value = match arg {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Int(n) => FluentValue::from(*n),
                Arg::Msg(m) => FluentValue::from(m.render_in(lang)),
            };
            args.set(*name, value);
        }
        let bundles: &[&FluentBundle<FluentResource>] = match lang {
            Lang::Zh => &[&BUNDLE_ZH, &BUNDLE_EN],
            Lang::En => &[&BUNDLE_EN],
        };
        for bundle in bundles {
            if let Some(pattern) = bundle.get_message(&self.id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, Some(&args), &mut errors)
                    .into_owned();
            }
        }
        self.id.to_string()
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Why a file operation failed, in the catalogues' words for the usual kinds (the
/// system's own text is English everywhere): not found, no permission, and the like.
pub fn io_reason(e: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
    // English keeps the system's words (`No such file or directory (os error 2)`).
    let reason = match e.kind() {
        K::NotFound => crate::msg!("io-not-found"),
        K::PermissionDenied => crate::msg!("io-permission-denied"),
        K::AlreadyExists => crate::msg!("io-already-exists"),
        K::IsADirectory => crate::msg!("io-is-a-directory"),
        K::NotADirectory => crate::msg!("io-not-a-directory"),
        K::StorageFull => crate::msg!("io-storage-full"),
        K::ReadOnlyFilesystem => crate::msg!("io-read-only"),
        K::InvalidData => crate::msg!("io-invalid-data"),
        K::AddrInUse => crate::msg!("io-addr-in-use"),
        K::AddrNotAvailable => crate::msg!("io-addr-not-available"),
        _ => crate::msg!("io-other", detail = e.to_string()),
    };
    crate::msg!("io-reason", detail = e.to_string(), os_kind = reason)
}

/// An English text not yet given an id: shown as it is in every language. Kept so that a
/// branch written before the catalogues still builds; `tests/i18n.rs` fails on each use
/// in a diagnostic of `src/`, which is where to convert it (see the top of this file).
impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::verbatim(text)
    }
}
impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::verbatim(text)
    }
}

/// `msg!("id", name = value, …)`: a [`Message`] of the catalogues with typed arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new(
            $id,
            vec![$((stringify!($name), $crate::i18n::Arg::from($value))),*],
        )
    };
}

/// `tr!("id", name = value, …)`: the text of a message in the process's language, for
/// what is printed at once (progress, a summary line).
#[macro_export]
macro_rules! tr {
    ($($t:tt)*) => {
        $crate::msg!($($t)*).render()
    };
}

/// The language asked for by `--lang X` or `--lang=X` anywhere in `args`; the help and
/// the errors of the parse itself are already in it.
pub fn lang_arg(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return args.next().as_deref().and_then(Lang::parse);
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_read_from_the_environment_names() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("C"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("de_DE"), None);
    }

    #[test]
    fn messages_render_in_either_language_without_isolation_marks() {
        let m = crate::msg!("check-failed", count = 2);
        assert_eq!(m.render_in(Lang::En), "check failed: 2 errors");
        assert_eq!(m.render_in(Lang::Zh), "检查未通过：2个错误");
        assert_eq!(
            crate::msg!("check-failed", count = 1).render_in(Lang::En),
            "check failed: 1 error"
        );
    }

    #[test]
    fn a_phrase_argument_is_rendered_in_the_same_language() {
        let m = crate::msg!("diag-error", message = crate::msg!("check-passed"));
        assert_eq!(m.render_in(Lang::Zh), "错误：检查通过");
        assert_eq!(Message::verbatim("x {y}").render_in(Lang::Zh), "x {y}");
    }
}
