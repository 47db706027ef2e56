//! One table of results kept between the builds of one process, by the key of their
//! inputs.
//!
//! No lock inside a build's parallel loops: a build reads the table the previous build
//! left ([`Memo::snapshot`], shared, read-only), gathers what it used, and hands that back
//! at the end ([`Memo::replace`]). What the build did not use is dropped with the old
//! table, so that a table holds about one site.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// One build's results, by key.
pub type Table<K, V> = Arc<HashMap<K, V>>;

/// Results by key, from the last build; [`Memo::default`] keeps nothing.
#[derive(Debug)]
pub struct Memo<K, V>(Option<Arc<Mutex<Table<K, V>>>>);

impl<K, V> Clone for Memo<K, V> {
    fn clone(&self) -> Self {
        Memo(self.0.clone())
    }
}

impl<K, V> Default for Memo<K, V> {
    /// A memo that keeps nothing.
    fn default() -> Self {
        Memo(None)
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    /// A memo that keeps each build's results for the next.
    pub fn kept() -> Memo<K, V> {
        Memo(Some(Arc::new(Mutex::new(Arc::new(HashMap::new())))))
    }

    /// Whether it keeps anything: a build that keeps nothing need not gather.
    pub fn keeps(&self) -> bool {
        self.0.is_some()
    }

    /// The results of the last build (empty for the first, or a memo that keeps nothing).
    pub fn snapshot(&self) -> Table<K, V> {
        match &self.0 {
            Some(m) => m.lock().map(|t| t.clone()).unwrap_or_default(),
            None => Arc::default(),
        }
    }

    /// What this build used: the next build's snapshot.
    pub fn replace(&self, used: HashMap<K, V>) {
        if let Some(m) = &self.0
            && let Ok(mut t) = m.lock()
        {
            *t = Arc::new(used);
        }
    }

    /// The results of the last build, taken out to change (cloned only if a snapshot of
    /// them is still held); the memo is empty until [`Memo::replace`].
    pub fn take(&self) -> HashMap<K, V> {
        let Some(m) = &self.0 else {
            return HashMap::new();
        };
        let table = m.lock().map(|mut t| std::mem::take(&mut *t));
        table.map(Arc::unwrap_or_clone).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_sees_what_the_last_one_used_and_nothing_older() {
        let memo: Memo<u128, &str> = Memo::kept();
        assert!(memo.snapshot().is_empty());
        memo.replace(HashMap::from([(1, "one"), (2, "two")]));
        let first = memo.snapshot();
        assert_eq!(first.get(&1), Some(&"one"));
        memo.replace(HashMap::from([(2, "two")]));
        assert_eq!(memo.snapshot().get(&1), None, "not used by the last build");
        assert_eq!(first.get(&1), Some(&"one"), "a snapshot does not change");
        let mut taken = memo.take();
        assert!(memo.snapshot().is_empty(), "taken out");
        taken.insert(3, "three");
        memo.replace(taken);
        assert_eq!(memo.snapshot().len(), 2);
        let off: Memo<u128, &str> = Memo::default();
        off.replace(HashMap::from([(1, "one")]));
        assert!(off.snapshot().is_empty() && !off.keeps() && off.take().is_empty());
    }
}
