//! The words of clap in the process's language: every command's `about`, every flag's
//! help (ids `cli-COMMAND-ARG` of `locales/*/cli.ftl`), and in Chinese also clap's own
//! words (用法, 选项, 命令, the help and version flags, defaults) and its errors, mapped
//! from their kind to messages of the catalogues. English keeps clap's own rendering.

use std::ffi::OsString;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::diag::Diagnostic;
use crate::i18n::{self, Lang, Message};
use crate::{msg, tr};

/// The message of a catalogue id made at run time (`cli-build-root`).
fn text(id: String) -> String {
    Message::dynamic(id, Vec::new()).render()
}

/// `command` with its texts from the catalogues.
pub(crate) fn localise(command: Command) -> Command {
    let zh = i18n::lang() == Lang::Zh;
    let mut command = walk(command.about(tr!("cli-about")), "cli", zh);
    if !zh {
        return command;
    }
    command = command.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(tr!("cli-version-flag")),
    );
    // The usage lines and the `help` command exist once the command is built.
    command.build();
    let subs: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        command = command.mut_subcommand(&name, |mut s| {
            let usage = usage_line(&mut s);
            s.override_usage(usage)
        });
    }
    let usage = usage_line(&mut command);
    command.override_usage(usage).mut_subcommand("help", |s| {
        // Built, `help` holds a copy of every command (with its Chinese `about`) and
        // a `help` of its own.
        let usage = usage_line(&mut s.clone());
        let s = s.about(tr!("cli-help-command")).override_usage(usage);
        let template = template(&s);
        s.help_template(template)
            .mut_subcommand("help", |h| h.about(tr!("cli-help-command")))
    })
}

/// clap's usage of a built command, without `Usage: ` and with its placeholders in Chinese.
fn usage_line(command: &mut Command) -> String {
    let usage = command.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    usage
        .replace("[OPTIONS]", &tr!("cli-usage-options"))
        .replace("<COMMAND>", &tr!("cli-usage-command"))
        .replace("[COMMAND]", &tr!("cli-usage-command-optional"))
}

fn walk(mut command: Command, key: &str, zh: bool) -> Command {
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let help = text(format!("{key}-{id}"));
        command = command.mut_arg(&id, |a| {
            // The Chinese help states the default itself: clap's says `[default: .]`.
            let hide = zh && a.get_action().takes_values();
            a.help(help)
                .hide_default_value(hide)
                .hide_possible_values(hide)
        });
    }
    let subs: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_key = format!("cli-{name}");
        command = command.mut_subcommand(&name, |s| {
            walk(s.about(text(sub_key.clone())), &sub_key, zh)
        });
    }
    if zh {
        let template = template(&command);
        command = command
            .help_template(template)
            .subcommand_value_name(tr!("cli-usage-command-name"))
            .disable_help_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help(tr!("cli-help-flag")),
            );
    }
    command
}

/// A help template with Chinese headings (clap's own end in an ASCII colon), holding
/// only the sections the command has.
fn template(command: &Command) -> String {
    let mut t = format!(
        "{{about-with-newline}}\n{}{{usage}}\n",
        tr!("cli-heading-usage")
    );
    if command.get_positionals().next().is_some() {
        t += &format!("\n{}\n{{positionals}}\n", tr!("cli-heading-arguments"));
    }
    if command.get_arguments().any(|a| !a.is_positional()) {
        t += &format!("\n{}\n{{options}}\n", tr!("cli-heading-options"));
    }
    if command.has_subcommands() {
        t += &format!("\n{}\n{{subcommands}}\n", tr!("cli-heading-commands"));
    }
    t + "{after-help}"
}

/// Print a parse error (or the help or version asked for) and return the exit code.
pub(crate) fn usage_error(command: &mut Command, args: &[OsString], e: &clap::Error) -> i32 {
    let code = if e.use_stderr() { 2 } else { 0 };
    if i18n::lang() == Lang::En
        || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
    {
        let _ = e.print();
        return code;
    }
    // The command the error is about: the first argument naming a subcommand.
    let sub = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .find(|a| command.find_subcommand(a).is_some());
    let target = match &sub {
        Some(name) => command.find_subcommand_mut(name).expect("found above"),
        None => command,
    };
    if matches!(
        e.kind(),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        eprint!("{}", target.render_help());
        return 2;
    }
    let get = |kind| e.get(kind).map(ToString::to_string).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let (message, hint) = match e.kind() {
        ErrorKind::InvalidSubcommand => (
            msg!(
                "cli-error-subcommand",
                name = get(ContextKind::InvalidSubcommand)
            ),
            suggestion(&get(ContextKind::SuggestedSubcommand)),
        ),
        ErrorKind::UnknownArgument => (
            msg!("cli-error-unknown-argument", arg = arg),
            suggestion(&get(ContextKind::SuggestedArg)),
        ),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let hint = if value.is_empty() {
                None
            } else if valid.is_empty() {
                suggestion(&get(ContextKind::SuggestedValue))
            } else {
                Some(msg!("cli-error-valid-values", values = valid))
            };
            let message = if value.is_empty() {
                msg!("cli-error-value-missing", arg = arg)
            } else {
                msg!("cli-error-invalid-value", arg = arg, value = value)
            };
            (message, hint)
        }
        ErrorKind::ValueValidation => {
            let reason = if arg.contains("YYYY-MM-DD") {
                msg!("cli-error-not-a-date")
            } else if arg.starts_with("--port") {
                msg!("cli-error-not-a-port")
            } else if arg.starts_with("--interface") {
                msg!("cli-error-not-an-address")
            } else {
                // The value parsers of this crate say why in the catalogues' words.
                Message::verbatim(
                    std::error::Error::source(e).map_or(String::new(), |s| s.to_string()),
                )
            };
            (
                msg!("cli-error-invalid-value", arg = arg, value = value),
                Some(reason),
            )
        }
        ErrorKind::MissingRequiredArgument => (
            msg!("cli-error-missing", args = arg.replace(", ", "、")),
            None,
        ),
        ErrorKind::ArgumentConflict => (
            msg!(
                "cli-error-conflict",
                arg = arg,
                other = get(ContextKind::PriorArg)
            ),
            None,
        ),
        _ => (msg!("cli-error-usage", arg = arg), None),
    };
    let mut d = Diagnostic::error(message);
    d.hint = hint;
    let name = target
        .get_bin_name()
        .unwrap_or(target.get_name())
        .to_string();
    eprint!("{d}");
    eprintln!(
        "\n{}",
        msg!("cli-error-usage-line", usage = usage_line(target))
    );
    eprintln!("{}", msg!("cli-error-more", command = name));
    code
}

fn suggestion(word: &str) -> Option<Message> {
    (!word.is_empty()).then(|| msg!("did-you-mean", word = word))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lang_flag_is_found_before_parsing() {
        let args = |v: &[&str]| {
            v.iter()
                .map(Into::into)
                .collect::<Vec<std::ffi::OsString>>()
        };
        use crate::i18n::Lang;
        assert_eq!(
            crate::i18n::lang_arg(&args(&["bulletin", "check", "--lang", "zh"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            crate::i18n::lang_arg(&args(&["bulletin", "--lang=en", "build"])),
            Some(Lang::En)
        );
        assert_eq!(crate::i18n::lang_arg(&args(&["bulletin", "build"])), None);
    }
}
