//! What one process keeps between its builds (`serve`): each stage's results by the key
//! of their inputs, so that an edit costs what it changed. A build that runs once keeps
//! nothing, and its results are the same either way: a stage's result is a function of
//! what its key hashes, and the memo only saves making it again.
//!
//! No lock inside a build's parallel loops: a build reads the table the previous build
//! left ([`Memo::snapshot`], shared, read-only), gathers what it used, and hands that back
//! at the end ([`Memo::replace`]). What the build did not use is dropped with the old
//! table, so the memo holds about one site.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One build's results of a stage, by key.
pub type Table<V> = Arc<HashMap<u128, V>>;

/// Results of one stage by key, from the last build.
#[derive(Debug)]
pub struct Memo<V>(Option<Arc<Mutex<Table<V>>>>);

impl<V> Clone for Memo<V> {
    fn clone(&self) -> Self {
        Memo(self.0.clone())
    }
}

impl<V> Default for Memo<V> {
    /// A memo that keeps nothing.
    fn default() -> Self {
        Memo(None)
    }
}

impl<V> Memo<V> {
    /// A memo that keeps each build's results for the next.
    pub fn kept() -> Memo<V> {
        Memo(Some(Arc::default()))
    }

    /// Whether it keeps anything: a build that keeps nothing need not gather.
    pub fn keeps(&self) -> bool {
        self.0.is_some()
    }

    /// The results of the last build (empty for the first, or a memo that keeps nothing).
    pub fn snapshot(&self) -> Table<V> {
        match &self.0 {
            Some(m) => m.lock().map(|t| t.clone()).unwrap_or_default(),
            None => Arc::default(),
        }
    }

    /// What this build used: the next build's snapshot.
    pub fn replace(&self, used: HashMap<u128, V>) {
        if let Some(m) = &self.0
            && let Ok(mut t) = m.lock()
        {
            *t = Arc::new(used);
        }
    }
}

/// Every stage's memo. [`Memory::default`] keeps nothing (`build`, `check`);
/// [`Memory::kept`] keeps each build's results for the next (`serve`).
#[derive(Debug, Clone, Default)]
pub struct Memory {
    /// Bulletin folders as loaded, by the key of their files.
    pub loaded: crate::load::reuse::Memo,
    /// Ranked bulletins, by the fingerprint of a bulletin and what it is ranked against.
    pub ranked: crate::rank::Memo,
    /// What each bulletin gives the site-wide pages, by the key of its pages.
    pub digests: Memo<Arc<crate::render::bulletin::Digest>>,
    /// Bulletins' summaries, by their fingerprint and preview note.
    pub summaries: Memo<Arc<crate::render::summary::Listed>>,
    /// The views of the latest bulletins of each series (each unit's channels are cut from
    /// them), by the key of their pages.
    pub views: Memo<Arc<crate::render::views::BulletinView>>,
    /// The units' rows as the last build grouped them.
    pub units: crate::render::unit_groups::Memo,
}

impl Memory {
    pub fn kept() -> Memory {
        Memory {
            loaded: crate::load::reuse::Memo::kept(),
            ranked: crate::rank::Memo::kept(),
            digests: Memo::kept(),
            summaries: Memo::kept(),
            views: Memo::kept(),
            units: crate::render::unit_groups::Memo::kept(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_sees_what_the_last_one_used_and_nothing_older() {
        let memo: Memo<&str> = Memo::kept();
        assert!(memo.snapshot().is_empty());
        memo.replace(HashMap::from([(1, "one"), (2, "two")]));
        let first = memo.snapshot();
        assert_eq!(first.get(&1), Some(&"one"));
        memo.replace(HashMap::from([(2, "two")]));
        assert_eq!(memo.snapshot().get(&1), None, "not used by the last build");
        assert_eq!(first.get(&1), Some(&"one"), "a snapshot does not change");
        let off: Memo<&str> = Memo::default();
        off.replace(HashMap::from([(1, "one")]));
        assert!(off.snapshot().is_empty() && !off.keeps());
    }
}
