//! The query layer: what the engine reuses, and when it calls a stage again. The stages
//! (`load`, `rank`, `render`) are pure functions of their inputs and know nothing of it;
//! nothing below this layer imports it. See docs/ARCHITECTURE.md.
//!
//! - [`Db`]: what one process keeps between its builds, a table per query, by the typed
//!   key ([`keys`]) of each result's inputs.
//! - [`store`]: the disk tables any build may reuse (loaded folders, entries of the
//!   output, drawn charts), pruned to what the last build used.
//! - [`run::Run`]: one build's way to its output, and the output gate.
//! - the queries, in the order a build asks them: [`loaded`], [`ranked`], [`context`],
//!   [`bulletins`], [`channels`], [`site_pages`] (with [`unit_groups`]).

pub mod bulletins;
pub mod channels;
pub mod context;
pub mod keys;
pub mod loaded;
pub mod memo;
pub mod ranked;
pub mod run;
pub mod site_pages;
pub mod store;
pub mod unit_groups;

pub use memo::Memo;

/// What a process keeps between its builds: each query's results by the key of their
/// inputs. [`Db::transient`] keeps nothing (`build`, `check`: their results are the same
/// either way, a memo only saves making them again); [`Db::kept`] keeps each build's
/// results for the next (`serve`).
#[derive(Debug, Clone, Default)]
pub struct Db {
    /// Bulletin folders as loaded, by the key of their files, and the walk of `content/`.
    loaded: loaded::Tables,
    /// Ranked bulletins, by the fingerprint of a bulletin and what it is ranked against.
    ranked: ranked::Tables,
    /// Parsed templates and chart fonts.
    context: context::Tables,
    /// Bulletins' summaries and digests.
    bulletins: bulletins::Tables,
    /// The views of the latest bulletins of each series, by the key of their pages.
    views: channels::Views,
    /// The units' rows as the last build grouped them.
    units: Memo<(), unit_groups::Grouped>,
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
            context: context::Tables::kept(),
            bulletins: bulletins::Tables::kept(),
            views: Memo::kept(),
            units: Memo::kept(),
        }
    }

    /// Files changed at these absolute paths (`None`: anything may have changed): what
    /// the next build must read again ([`loaded::Tables::changed`]).
    pub fn changed(&self, paths: Option<&[std::path::PathBuf]>) {
        self.loaded.changed(paths);
    }
}
