//! Rank change (较上期) against the previous period of the same series, matched by id.
//! A category move or a rename is reported as such, never as a jump in place.

use std::collections::BTreeMap;

use super::Results;
use crate::model::Bulletin;

/// How an entry's place compares with the previous period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The series has no earlier bulletin: nothing to compare.
    First,
    /// Not in the previous period.
    New,
    Up(usize),
    Down(usize),
    Same,
    /// In another category last period: places are not comparable.
    Moved {
        from: String,
    },
    /// Deferred last period.
    WasDeferred,
    /// Deferred now.
    Unranked,
}

impl Change {
    /// The arrow or mark shown in the table.
    pub fn mark(&self) -> String {
        match self {
            Change::First => String::new(),
            Change::New => "新".into(),
            Change::Up(n) => format!("↑{n}"),
            Change::Down(n) => format!("↓{n}"),
            Change::Same => "—".into(),
            Change::Moved { .. } => "调".into(),
            Change::WasDeferred | Change::Unranked => "".into(),
        }
    }

    /// The same in words, so that neither colour nor arrow carries it alone.
    pub fn words(&self) -> String {
        match self {
            Change::First => String::new(),
            Change::New => "新进".into(),
            Change::Up(n) => format!("上升{n}位"),
            Change::Down(n) => format!("下降{n}位"),
            Change::Same => "持平".into(),
            Change::Moved { from } => format!("类别调整（上期为{from}）"),
            Change::WasDeferred => "上期缓评".into(),
            Change::Unranked => "本期缓评".into(),
        }
    }

    /// A stable machine name, for CSS classes and open data.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::First => "none",
            Change::New => "new",
            Change::Up(_) => "up",
            Change::Down(_) => "down",
            Change::Same => "same",
            Change::Moved { .. } => "moved",
            Change::WasDeferred => "was-deferred",
            Change::Unranked => "deferred",
        }
    }
}

/// An entry as it stood last period.
struct Previous<'a> {
    category: &'a str,
    category_name: &'a str,
    rank: Option<usize>,
    name: &'a str,
}

/// The index of the previous bulletin of the same series for every bulletin, if any.
pub fn previous_in_series(bulletins: &[Bulletin]) -> Vec<Option<usize>> {
    let mut by_series: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, b) in bulletins.iter().enumerate() {
        by_series.entry(&b.series).or_default().push(i);
    }
    let mut previous = vec![None; bulletins.len()];
    for members in by_series.values_mut() {
        members.sort_by(|&a, &b| {
            bulletins[a]
                .period
                .cmp(&bulletins[b].period)
                .then_with(|| bulletins[a].path.cmp(&bulletins[b].path))
        });
        for pair in members.windows(2) {
            previous[pair[1]] = Some(pair[0]);
        }
    }
    previous
}

/// Fill in `Row::change` and `Row::renamed_from` for every bulletin.
pub fn link_changes(bulletins: &[Bulletin], results: &mut [Results]) {
    let previous = previous_in_series(bulletins);
    let snapshots: Vec<BTreeMap<&str, Previous>> = bulletins
        .iter()
        .zip(results.iter())
        .map(|(b, r)| {
            let mut map = BTreeMap::new();
            for c in &r.categories {
                let cat = &b.data.categories[c.category];
                for row in &c.rows {
                    let e = &b.data.entries[row.entry];
                    map.insert(
                        e.id.as_str(),
                        Previous {
                            category: &cat.id,
                            category_name: &cat.name,
                            rank: row.rank,
                            name: &e.name,
                        },
                    );
                }
            }
            map
        })
        .collect();
    for (i, r) in results.iter_mut().enumerate() {
        let b = &bulletins[i];
        for c in &mut r.categories {
            let category = &b.data.categories[c.category].id;
            for row in &mut c.rows {
                let e = &b.data.entries[row.entry];
                let before = previous[i].map(|p| snapshots[p].get(e.id.as_str()));
                (row.change, row.renamed_from) = match before {
                    None => (Change::First, None),
                    Some(None) => (Change::New, None),
                    Some(Some(before)) => (
                        change(before, category, row.rank),
                        (before.name != e.name).then(|| before.name.to_string()),
                    ),
                };
            }
        }
    }
}

fn change(before: &Previous, category: &str, rank: Option<usize>) -> Change {
    if before.category != category {
        return Change::Moved {
            from: before.category_name.to_string(),
        };
    }
    match (before.rank, rank) {
        (_, None) => Change::Unranked,
        (None, Some(_)) => Change::WasDeferred,
        (Some(old), Some(new)) if new < old => Change::Up(old - new),
        (Some(old), Some(new)) if new > old => Change::Down(new - old),
        _ => Change::Same,
    }
}
