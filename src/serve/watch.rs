//! What `serve` watches: `content/` (with `site.yaml`) and `templates/`, through notify
//! with a short debounce, so that an editor's save (often a write, a rename and a
//! metadata change) is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, notify::RecommendedWatcher,
};

/// How long a file must be quiet before its change is reported. An editor's save (a
/// truncate and a write, or a write of a temporary file and a rename) takes a millisecond
/// or two; 10 ms covers it and is a small part of the time to a reload.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// After the first change, how long to wait for more before rebuilding: the debouncer
/// reports in ticks of a quarter of [`DEBOUNCE`], so a save whose events straddle a tick
/// comes in two batches (a tick is 2.5 ms).
const GATHER: Duration = Duration::from_millis(3);

/// The folders of a site that a change in rebuilds it.
pub fn watched(root: &Path) -> [PathBuf; 2] {
    [root.join("content"), root.join("templates")]
}

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<Event>,
    poke: Sender<Event>,
    templates_watched: bool,
}

/// What the watcher hears: files changed, or the server asking for a build.
enum Event {
    Files(DebounceEventResult),
    /// A file the served site reads is gone (from the page store).
    Gone(PathBuf),
}

/// Asks the watcher for a build, though no file of the site changed.
#[derive(Debug, Clone)]
pub struct Poke(Sender<Event>);

impl Poke {
    /// Build again: `gone`, a file the served site reads, went away.
    pub fn rebuild(&self, gone: &Path) {
        let _ = self.0.send(Event::Gone(gone.to_path_buf()));
    }
}

impl Watcher {
    pub fn start(root: &Path) -> Result<Watcher, crate::i18n::Message> {
        let (poke, events) = channel();
        let tx = poke.clone();
        let handler = move |batch| {
            let _ = tx.send(Event::Files(batch));
        };
        let mut debouncer = new_debouncer(DEBOUNCE, None, handler)
            .map_err(|e| crate::msg!("serve-watch-failed", detail = e.to_string()))?;
        let [content, _] = watched(root);
        debouncer
            .watch(&content, RecursiveMode::Recursive)
            .map_err(|e| {
                crate::msg!("serve-watch-path", path = &content, detail = e.to_string())
            })?;
        // The root itself, not its subfolders: to see templates/ appear or go.
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| crate::msg!("serve-watch-path", path = root, detail = e.to_string()))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            debouncer,
            events,
            poke,
            templates_watched: false,
        };
        w.follow_templates();
        Ok(w)
    }

    /// A way to ask for a build from elsewhere (the server).
    pub fn poke(&self) -> Poke {
        Poke(self.poke.clone())
    }

    /// Watch `templates/` once it exists (it is optional).
    fn follow_templates(&mut self) {
        let [_, templates] = watched(&self.root);
        let exists = templates.is_dir();
        if exists && !self.templates_watched {
            self.templates_watched = self
                .debouncer
                .watch(&templates, RecursiveMode::Recursive)
                .is_ok();
        } else if !exists && self.templates_watched {
            let _ = self.debouncer.unwatch(&templates);
            self.templates_watched = false;
        }
    }

    /// Block until a file of the site changes; then gather whatever else changes right
    /// after (one rebuild for a burst of saves). `None` when the watcher stopped.
    pub fn next_change(&mut self) -> Option<Change> {
        let mut change = Change {
            shown: Vec::new(),
            paths: Some(Vec::new()),
        };
        while change.shown.is_empty() {
            let batch = self.events.recv().ok()?;
            self.take(batch, &mut change);
        }
        loop {
            match self.events.recv_timeout(GATHER) {
                Ok(batch) => self.take(batch, &mut change),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        self.follow_templates();
        change.shown.sort();
        change.shown.dedup();
        Some(change)
    }

    fn take(&self, event: Event, change: &mut Change) {
        let batch = match event {
            Event::Files(batch) => batch,
            // Nothing of content/ to read again: the build makes what is gone.
            Event::Gone(path) => {
                change
                    .shown
                    .push(crate::diag::display_path(&self.root, &path));
                return;
            }
        };
        let Ok(events) = batch else {
            // The watcher lost events (a queue overflow): rebuild to be safe, and look at
            // every file again.
            change.shown.push("(files)".into());
            change.paths = None;
            return;
        };
        for e in events {
            if matches!(e.event.kind, EventKind::Access(_)) {
                continue;
            }
            for p in &e.event.paths {
                if let Some(rel) = relevant(&self.root, p) {
                    change.shown.push(rel);
                    if let Some(paths) = &mut change.paths {
                        paths.push(p.clone());
                    }
                }
            }
        }
    }
}

/// What changed between two rebuilds.
#[derive(Debug, Default)]
pub struct Change {
    /// Root-relative paths, as the terminal shows them.
    pub shown: Vec<String>,
    /// The absolute paths; `None` when the watcher lost events and anything may have
    /// changed.
    pub paths: Option<Vec<PathBuf>>,
}

/// The root-relative path of `path` when a change to it changes the site: anything below
/// `content/` or `templates/`, or those folders themselves.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str();
    (first == "content" || first == "templates").then(|| crate::diag::display_path(root, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_and_templates_count() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant(root, Path::new(p));
        assert_eq!(
            yes("/site/content/site.yaml").as_deref(),
            Some("content/site.yaml")
        );
        assert_eq!(
            yes("/site/content/2025/01/scores.yaml").as_deref(),
            Some("content/2025/01/scores.yaml")
        );
        assert_eq!(yes("/site/templates").as_deref(), Some("templates"));
        assert_eq!(yes("/site/public/index.html"), None);
        assert_eq!(yes("/site/.bulletin-cache/png/x.png"), None);
        assert_eq!(yes("/site"), None);
        assert_eq!(yes("/elsewhere/content/a"), None);
    }
}
