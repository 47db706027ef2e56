//! `bulletin`: a static-site generator for performance-assessment bulletins
//! (绩效考核公示与排名通报).
//!
//! The pipeline is a row of pure stages, each in its own module:
//!
//! ```text
//! load (files → raw structs with spans) → model (validated types)
//!   → rank (the assessment rules) → render (tera, markdown, charts) → write (atomic)
//! ```
//!
//! `check` runs every stage but `write`.

pub mod cache;
pub mod cli;
mod cli_help;
pub mod diag;
pub mod document;
pub mod gate;
pub mod i18n;
pub mod import;
pub mod load;
pub mod media;
pub mod memo;
pub mod model;
pub mod number;
pub mod privacy;
pub mod rank;
pub mod render;
pub mod serve;
pub mod settings;
pub mod site;
pub mod timing;
pub mod workspace;
pub mod write;
