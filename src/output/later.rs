//! Bytes made when first asked for. Renderers hand what is slow to make (PNGs, unit pages,
//! published images) as a [`Later`], and the output decides when it is made: `serve`
//! makes it after the reload (at once if a tab asks for it first), so that the edited
//! page shows as soon as it is rendered; a build into files makes it as it writes it.

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
    /// A file of `content/` as published, which the output gate holds to the rule of
    /// such files (no metadata left), rather than a file the tool made.
    content: bool,
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
            content: false,
            make: Box::new(make),
            made: OnceLock::new(),
        }))
    }

    /// [`Later::new`] for a file of `content/`, published as `make` makes it.
    pub fn content(
        identity: u128,
        make: impl Fn() -> Result<Vec<u8>, Diagnostics> + Send + Sync + 'static,
    ) -> Later {
        let later = Later::new(identity, make);
        Later(Arc::new(Inner {
            content: true,
            ..Arc::into_inner(later.0).expect("just made")
        }))
    }

    pub fn identity(&self) -> u128 {
        self.0.identity
    }

    /// Whether it is a file of `content/` ([`Later::content`]).
    pub fn is_content(&self) -> bool {
        self.0.content
    }

    /// The same bytes, with `check` run on them when they are made: its error is then the
    /// error of making them. The identity stays (a check decides nothing about the bytes).
    pub fn checked(
        self,
        check: impl Fn(&[u8]) -> Result<(), Diagnostics> + Send + Sync + 'static,
    ) -> Later {
        let (identity, content) = (self.0.identity, self.0.content);
        let make: Box<Make> = match Arc::try_unwrap(self.0) {
            // Not made and held by no one else (a file just rendered): its maker is
            // taken over, so that the bytes are made and kept once.
            Ok(inner) if inner.made.get().is_none() => {
                let make = inner.make;
                Box::new(move || {
                    let bytes = make()?;
                    check(&bytes)?;
                    Ok(bytes)
                })
            }
            Ok(inner) => {
                let inner = Later(Arc::new(inner));
                Box::new(move || checked_copy(&inner, &check))
            }
            Err(shared) => {
                let inner = Later(shared);
                Box::new(move || checked_copy(&inner, &check))
            }
        };
        Later(Arc::new(Inner {
            identity,
            content,
            make,
            made: OnceLock::new(),
        }))
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

/// The bytes of `inner`, checked, as a copy of their own.
fn checked_copy(
    inner: &Later,
    check: &impl Fn(&[u8]) -> Result<(), Diagnostics>,
) -> Result<Vec<u8>, Diagnostics> {
    let bytes = inner.bytes().map_err(Clone::clone)?;
    check(bytes)?;
    Ok(bytes.to_vec())
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
    fn a_check_runs_once_on_the_bytes_made() {
        let checks = Arc::new(AtomicUsize::new(0));
        let counted = checks.clone();
        let later = Later::content(5, || Ok(b"13812345678".to_vec())).checked(move |b| {
            counted.fetch_add(1, Ordering::SeqCst);
            match b.is_empty() {
                true => Ok(()),
                false => Err(crate::diag::Diagnostic::error(crate::msg!("chart-png-help")).into()),
            }
        });
        assert_eq!((later.identity(), later.is_content()), (5, true));
        assert!(later.bytes().is_err() && later.bytes().is_err());
        assert_eq!(checks.load(Ordering::SeqCst), 1);
        let shared = Later::new(6, || Ok(Vec::new()));
        let checked = shared.clone().checked(|_| Ok(()));
        assert_eq!(checked.bytes().unwrap(), shared.bytes().unwrap());
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
