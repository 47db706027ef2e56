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

/// `items` in the fewest pieces of at most `most` that never part two neighbours `same`
/// holds for (a tie group: units sharing a rank), as even as such pieces go. A run of
/// `same` items longer than `most` is cut evenly, as it must be.
pub(super) fn balanced_groups<T>(
    items: &[T],
    most: usize,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<&[T]> {
    let most = most.max(1);
    // The places a piece may start, runs longer than `most` cut into even pieces.
    let mut starts = vec![0];
    for i in 1..items.len() {
        if !same(&items[i - 1], &items[i]) {
            starts.push(i);
        }
    }
    starts.push(items.len());
    let mut cuts = vec![0];
    for w in starts.windows(2) {
        let run = &items[w[0]..w[1]];
        let mut at = w[0];
        for piece in balanced(run, most) {
            at += piece.len();
            cuts.push(at);
        }
    }
    let m = cuts.len() - 1;
    if m == 0 {
        return Vec::new();
    }
    // The fewest pieces first; for that many, the least gap between the longest and the
    // shortest piece, then the shortest longest one.
    for n in items.len().div_ceil(most)..=m {
        let mut best: Option<(usize, usize, Vec<usize>)> = None;
        for cap in items.len().div_ceil(n)..=most {
            for floor in (1..=cap).rev() {
                if best
                    .as_ref()
                    .is_some_and(|(gap, c, _)| (cap - floor, cap) >= (*gap, *c))
                {
                    continue;
                }
                if let Some(ends) = split(&cuts, n, floor, cap) {
                    best = Some((cap - floor, cap, ends));
                }
            }
        }
        if let Some((_, _, ends)) = best {
            let mut out = Vec::with_capacity(n);
            let mut at = 0;
            for end in ends {
                out.push(&items[at..end]);
                at = end;
            }
            return out;
        }
    }
    balanced(items, most)
}

/// The ends of `n` pieces along the cut points `cuts` (0 first, the length last), each of
/// `floor` to `cap` items, if there are such pieces.
fn split(cuts: &[usize], n: usize, floor: usize, cap: usize) -> Option<Vec<usize>> {
    let m = cuts.len() - 1;
    // from[k][j]: the cut before the k-th piece that ends at cut j, if one does.
    let mut from = vec![vec![None; m + 1]; n + 1];
    let mut reach = vec![vec![false; m + 1]; n + 1];
    reach[0][0] = true;
    for k in 1..=n {
        for j in 1..=m {
            for i in (0..j).rev() {
                let len = cuts[j] - cuts[i];
                if len > cap {
                    break;
                }
                if len >= floor && reach[k - 1][i] {
                    reach[k][j] = true;
                    from[k][j] = Some(i);
                    break;
                }
            }
        }
    }
    if !reach[n][m] {
        return None;
    }
    let mut ends = Vec::with_capacity(n);
    let mut j = m;
    for k in (1..=n).rev() {
        ends.push(cuts[j]);
        j = from[k][j]?;
    }
    ends.reverse();
    Some(ends)
}

/// Rows of one tie group: both tied at the same rank.
fn same_place(a: &RowView, b: &RowView) -> bool {
    a.tied && b.tied && a.rank.is_some() && a.rank == b.rank
}

/// The slides of a bulletin: its categories in pieces, then its exemplars.
pub fn slides(v: &BulletinView) -> Vec<Slide> {
    let mut slides = Vec::new();
    for c in &v.categories {
        // A tie group stays on one slide: a reader sees all who share a place together.
        let chunks = balanced_groups(&c.rows, ROWS_PER_SLIDE, same_place);
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
    use super::{balanced, balanced_groups};

    /// Pieces of `groups` (the sizes of tie groups in order), at most `most` a piece.
    fn grouped(groups: &[usize], most: usize) -> Vec<usize> {
        let items: Vec<usize> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, n)| std::iter::repeat_n(g, *n))
            .collect();
        balanced_groups(&items, most, |a, b| a == b)
            .iter()
            .map(|s| s.len())
            .collect()
    }

    #[test]
    fn a_tie_group_is_never_split_across_slides() {
        // 13 rows, the 7th and 8th tied: 6 + 7, never 7 + 6 through the tie.
        assert_eq!(grouped(&[1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1], 12), [6, 7]);
        assert_eq!(grouped(&[1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1], 12), [6, 7]);
        assert_eq!(grouped(&[1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1], 12), [8, 5]);
        // Without ties, as even as before.
        assert_eq!(grouped(&[1; 13], 12), [7, 6]);
        assert_eq!(grouped(&[1; 10], 9), [5, 5]);
        // A run longer than a slide is cut, evenly.
        assert_eq!(grouped(&[1, 14, 1], 12), [8, 8]);
        assert!(grouped(&[], 12).is_empty());
    }

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
