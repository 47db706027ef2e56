//! `bulletin`: a static-site generator for performance-assessment bulletins
//! (绩效考核公示与排名通报).
//!
//! Pure stages, each in its own module, under one query layer that decides what to make
//! again ([`incr`]), ordered by [`site`] (docs/ARCHITECTURE.md has the picture):
//!
//! ```text
//! load (files → validated model) → rank (the assessment rules)
//!   → render (tera, markdown, charts) → an Output (write: atomic; serve: in memory)
//! ```
//!
//! `check` runs every stage into an output that keeps nothing.

pub mod cli;
mod cli_help;
pub mod diag;
pub mod gate;
pub mod hash;
pub mod i18n;
pub mod import;
pub mod incr;
pub mod load;
pub mod media;
pub mod model;
pub mod number;
pub mod output;
pub mod privacy;
pub mod rank;
pub mod render;
pub mod serve;
pub mod settings;
pub mod site;
pub mod source;
pub mod timing;
pub mod web;
pub mod workspace;
pub mod write;
