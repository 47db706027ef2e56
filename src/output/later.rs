//! Bytes made when first asked for. `serve` draws its PNGs and its unit pages after the
//! reload instead of before it: the edited page shows as soon as it is rendered, and what
//! is slow to make follows a moment later (at once if a tab asks for it first). A build
//! into files makes every one of them before it writes it, as if it were not deferred.

use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::diag::Diagnostics;

type Make = dyn Fn() -> Result<Vec<u8>, Diagnostics> + Send + Sync;

/// A file's bytes, made once, by whichever thread asks first (the others wait for it).
#[derive(Clone)]
pub struct Later(Arc<Inner>);

struct Inner {
    /// What decides the bytes: two `Later`s of the same identity make the same bytes, so
    /// a rebuild keeps the one it has (made already, perhaps) instead of the new one.
    identity: u128,
    make: Box<Make>,
    made: OnceLock<Result<Vec<u8>, Diagnostics>>,
}

impl Later {
    /// Bytes that `make` makes, identified by a hash of everything they are made from.
    pub fn new(
        identity: u128,
        make: impl Fn() -> Result<Vec<u8>, Diagnostics> + Send + Sync + 'static,
    ) -> Later {
        Later(Arc::new(Inner {
            identity,
            make: Box::new(make),
            made: OnceLock::new(),
        }))
    }

    pub fn identity(&self) -> u128 {
        self.0.identity
    }

    /// The bytes: made now if no thread made them yet.
    pub fn bytes(&self) -> Result<&[u8], &Diagnostics> {
        self.0.made.get_or_init(|| (self.0.make)()).as_deref()
    }

    /// Whether the bytes are made (or failed).
    pub fn is_made(&self) -> bool {
        self.0.made.get().is_some()
    }
}

impl fmt::Debug for Later {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Later({:032x}", self.0.identity)?;
        f.write_str(if self.is_made() { ", made)" } else { ")" })
    }
}

impl PartialEq for Later {
    fn eq(&self, other: &Later) -> bool {
        self.0.identity == other.0.identity
    }
}

impl Eq for Later {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn made_once_by_the_first_to_ask() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let later = Later::new(7, move || {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(b"png".to_vec())
        });
        assert!(!later.is_made());
        let copy = later.clone();
        let both: Vec<Vec<u8>> = std::thread::scope(|s| {
            let a = s.spawn(|| later.bytes().unwrap().to_vec());
            let b = s.spawn(|| copy.bytes().unwrap().to_vec());
            vec![a.join().unwrap(), b.join().unwrap()]
        });
        assert_eq!(both, vec![b"png".to_vec(), b"png".to_vec()]);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(later.is_made());
    }

    #[test]
    fn a_failure_is_kept_and_said_each_time() {
        let later = Later::new(1, || {
            Err(crate::diag::Diagnostic::error(crate::msg!("chart-png-help")).into())
        });
        assert!(later.bytes().is_err());
        assert!(later.bytes().is_err());
    }
}
