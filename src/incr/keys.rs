//! The keys of everything the engine reuses: typed, so that a page key never stands where
//! a folder key is meant, and all made by one function ([`key`]) that starts every hash
//! with the identity of the program. A different build of the tool (a fix released under
//! the same version, a developer's change) therefore never reuses what another one made.

use crate::hash::{Hasher, key_type};

pub use crate::output::PageKey;

/// Bumped whenever what a key covers changes.
const SCHEMA: &str = "bulletin-keys-3";

/// The program that makes the files: a hash of its executable's bytes, taken once.
pub fn program_identity() -> u128 {
    static IDENTITY: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *IDENTITY.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::read);
        let mut h = Hasher::new();
        h.add_str(env!("CARGO_PKG_VERSION"));
        match exe {
            Ok(bytes) => h.add(&bytes),
            // Unreadable: a key no other run shares, so nothing is reused.
            Err(_) => h.add(&std::process::id().to_le_bytes()),
        };
        h.finish()
    })
}

/// The one way a key is made: the schema, the program's identity and the kind of key,
/// then what `inputs` feeds.
pub fn key(kind: &str, inputs: impl FnOnce(&mut Hasher)) -> u128 {
    let mut h = Hasher::new();
    h.add_str(SCHEMA).add_u128(program_identity()).add_str(kind);
    inputs(&mut h);
    h.finish()
}

key_type!(
    /// A bulletin folder as loaded: every file below it, by content.
    FolderKey
);
key_type!(
    /// The standings a bulletin hands the next period of its series, hashed.
    StandingsKey
);
key_type!(
    /// A bulletin's summary as the next period of its series shows it, hashed.
    SummaryKey
);
key_type!(
    /// What every page is made from: the theme, the site view, the chart fonts.
    SiteKey
);
key_type!(
    /// What decides a chart's pixels: its entry in the chart store.
    ChartKey
);
key_type!(
    /// The templates and static files in force.
    ThemeKey
);

impl PageKey {
    /// The key of pages of kind `what` made from `input` besides the site.
    pub fn of(site: SiteKey, what: &str, input: &impl serde::Serialize) -> PageKey {
        PageKey(key("page", |k| {
            k.add_u128(site.0).add_str(what).add_json(input);
        }))
    }
}

impl ChartKey {
    /// The chart of `identity` ([`crate::render::png::Draw`]) as this program draws it.
    pub fn of(identity: u128) -> ChartKey {
        ChartKey(key("chart", |k| {
            k.add_u128(identity);
        }))
    }
}
