//! The lobby screen (滚动大屏): the bulletin cut into slides of a size that reads from
//! across a hall. The template shows them all, stacked, without JavaScript; screen.js
//! turns them into a rotation that pauses on a key, a tap or its button.

use serde::Serialize;

use super::people::ExemplarView;
use super::views::{BulletinView, RowView};

/// At most this many rows on one slide: what fits in 1080 px at 40 px table type in rows
/// of 58 px under the title bar (screen.css). Slides of a category are as even as they
/// go, so that each but the last is more than half full (13 rows: 7 and 6).
const ROWS_PER_SLIDE: usize = 12;
/// At most this many exemplars on one slide (two rows of three cards, each row half the
/// slide: screen.css).
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
    /// The footnotes of its rows scored with weights of their own (marked ※).
    pub notes: Vec<String>,
}

/// `items` in the fewest pieces of at most `most`, as even as they go (23 rows at 9 a
/// slide: 8, 8, 7, never 9, 9, 5; 10 rows: 5 and 5, never 9 and a lone 1).
pub(super) fn balanced<T>(items: &[T], most: usize) -> Vec<&[T]> {
    if items.is_empty() {
        return Vec::new();
    }
    let n = items.len().div_ceil(most);
    let (base, extra) = (items.len() / n, items.len() % n);
    let mut out = Vec::with_capacity(n);
    let mut at = 0;
    for i in 0..n {
        let len = base + usize::from(i < extra);
        out.push(&items[at..at + len]);
        at += len;
    }
    out
}

/// The slides of a bulletin: its categories in pieces, then its exemplars.
pub fn slides(v: &BulletinView) -> Vec<Slide> {
    let mut slides = Vec::new();
    for c in &v.categories {
        let chunks = balanced(&c.rows, ROWS_PER_SLIDE);
        let n = chunks.len();
        for (i, rows) in chunks.into_iter().enumerate() {
            slides.push(Slide {
                kind: "category",
                title: c.name.clone(),
                part: (n > 1).then(|| format!("{}/{n}", i + 1)),
                notes: rows.iter().filter_map(RowView::footnote).collect(),
                rows: rows.to_vec(),
                exemplars: Vec::new(),
            });
        }
    }
    slides.extend(exemplar_slides("绩效标兵", &v.exemplars));
    slides
}

/// Exemplars on slides of at most six, under `title`: a bulletin's, or a unit's own.
pub fn exemplar_slides(title: &str, exemplars: &[ExemplarView]) -> Vec<Slide> {
    let chunks = balanced(exemplars, EXEMPLARS_PER_SLIDE);
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, ex)| Slide {
            kind: "exemplars",
            title: title.to_string(),
            part: (n > 1).then(|| format!("{}/{n}", i + 1)),
            rows: Vec::new(),
            exemplars: ex.to_vec(),
            notes: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::balanced;

    fn sizes(n: usize, most: usize) -> Vec<usize> {
        let items: Vec<usize> = (0..n).collect();
        balanced(&items, most).iter().map(|s| s.len()).collect()
    }

    #[test]
    fn no_slide_is_left_with_a_single_row() {
        assert_eq!(sizes(10, 9), [5, 5]);
        assert_eq!(sizes(10, 12), [10]);
        assert_eq!(sizes(13, 12), [7, 6]);
        assert_eq!(sizes(19, 9), [7, 6, 6]);
        assert_eq!(sizes(9, 9), [9]);
        assert_eq!(sizes(23, 9), [8, 8, 7]);
        assert_eq!(sizes(7, 6), [4, 3]);
        assert!(sizes(0, 9).is_empty());
    }
}
