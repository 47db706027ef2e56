//! The lobby screen (滚动大屏): the bulletin cut into slides of a size that reads from
//! across a hall. The template shows them all, stacked, without JavaScript; screen.js
//! turns them into a rotation that pauses on a key or a tap.

use serde::Serialize;

use super::people::ExemplarView;
use super::views::{BulletinView, RowView};

/// Rows on one slide: what fits at 1080 px in the screen's type size.
const ROWS_PER_SLIDE: usize = 10;
/// Exemplars on one slide.
const EXEMPLARS_PER_SLIDE: usize = 6;

#[derive(Serialize)]
pub struct Slide {
    /// `category` or `exemplars`.
    pub kind: &'static str,
    pub title: String,
    /// "1/3" when a category runs over several slides.
    pub part: Option<String>,
    pub rows: Vec<RowView>,
    pub exemplars: Vec<ExemplarView>,
}

/// The slides of a bulletin: its categories in pieces, then its exemplars.
pub fn slides(v: &BulletinView) -> Vec<Slide> {
    let mut slides = Vec::new();
    for c in &v.categories {
        let chunks: Vec<&[RowView]> = c.rows.chunks(ROWS_PER_SLIDE).collect();
        let n = chunks.len();
        for (i, rows) in chunks.into_iter().enumerate() {
            slides.push(Slide {
                kind: "category",
                title: c.name.clone(),
                part: (n > 1).then(|| format!("{}/{n}", i + 1)),
                rows: rows.to_vec(),
                exemplars: Vec::new(),
            });
        }
    }
    let chunks: Vec<&[ExemplarView]> = v.exemplars.chunks(EXEMPLARS_PER_SLIDE).collect();
    let n = chunks.len();
    for (i, ex) in chunks.into_iter().enumerate() {
        slides.push(Slide {
            kind: "exemplars",
            title: "绩效标兵".to_string(),
            part: (n > 1).then(|| format!("{}/{n}", i + 1)),
            rows: Vec::new(),
            exemplars: ex.to_vec(),
        });
    }
    slides
}
