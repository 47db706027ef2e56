//! The query layer: what one process keeps between its builds, by the key of its inputs
//! ([`Db`]), and the disk tables a build may reuse. Nothing below it imports it: the
//! stages are pure functions, and this layer decides when to call them again.

pub mod keys;
pub mod loaded;
pub mod memo;
pub mod ranked;
pub mod run;
pub mod store;

use std::sync::Arc;

pub use memo::Memo;

/// What a process keeps between its builds: each stage's results by the key of their
/// inputs. [`Db::transient`] keeps nothing (`build`, `check`: their results are the same
/// either way, a memo only saves making them again); [`Db::kept`] keeps each build's
/// results for the next (`serve`).
#[derive(Debug, Clone, Default)]
pub struct Db {
    /// Bulletin folders as loaded, by the key of their files, and the walk of `content/`.
    pub loaded: loaded::Tables,
    /// Ranked bulletins, by the fingerprint of a bulletin and what it is ranked against.
    pub ranked: ranked::Tables,
    /// What each bulletin gives the site-wide pages, by the key of its pages.
    pub digests: Memo<u128, Arc<crate::render::bulletin::Digest>>,
    /// Bulletins' summaries, by their fingerprint and preview note.
    pub summaries: Memo<u128, Arc<crate::render::summary::Listed>>,
    /// The views of the latest bulletins of each series, by the key of their pages.
    pub views: Memo<u128, Arc<crate::render::views::BulletinView>>,
    /// The units' rows as the last build grouped them.
    pub units: crate::render::unit_groups::Memo,
}

impl Db {
    /// A database that keeps nothing.
    pub fn transient() -> Db {
        Db::default()
    }

    /// A database that keeps each build's results for the next.
    pub fn kept() -> Db {
        Db {
            loaded: loaded::Tables::kept(),
            ranked: ranked::Tables::kept(),
            digests: Memo::kept(),
            summaries: Memo::kept(),
            views: Memo::kept(),
            units: crate::render::unit_groups::Memo::kept(),
        }
    }

    /// Files changed at these absolute paths (`None`: anything may have changed): what
    /// the next build must read again ([`loaded::Tables::changed`]).
    pub fn changed(&self, paths: Option<&[std::path::PathBuf]>) {
        self.loaded.changed(paths);
    }
}
