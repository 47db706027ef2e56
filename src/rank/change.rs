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
    /// The previous period is not published yet: nothing of it may show.
    Held,
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
            Change::WasDeferred | Change::Unranked | Change::Held => "".into(),
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
            Change::Held => "上期未发布".into(),
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
            Change::Held => "held",
        }
    }
}

/// An entry as it stood in a ranked bulletin: what the next period compares with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Standing {
    pub category: String,
    pub category_name: String,
    pub rank: Option<usize>,
    pub name: String,
}

/// What a ranked bulletin hands the next bulletin of its series: every entry's standing,
/// by id. `Held` when the previous period exists but is not published yet (a future or
/// draft bulletin): its figures must not show through the change column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Standings {
    Ranked(BTreeMap<String, Standing>),
    Held,
}

impl Standings {
    /// The standings of a ranked bulletin.
    pub fn of(b: &Bulletin, r: &Results) -> Standings {
        let mut map = BTreeMap::new();
        for c in &r.categories {
            let cat = &b.data.categories[c.category];
            for row in &c.rows {
                let e = &b.data.entries[row.entry];
                map.insert(
                    e.id.clone(),
                    Standing {
                        category: cat.id.clone(),
                        category_name: cat.name.clone(),
                        rank: row.rank,
                        name: e.name.clone(),
                    },
                );
            }
        }
        Standings::Ranked(map)
    }
}

/// The path of the previous bulletin of the same series for every bulletin that has one:
/// periods in time order, paths breaking ties.
pub fn previous_in_series<'a>(
    bulletins: impl IntoIterator<Item = &'a Bulletin>,
) -> BTreeMap<&'a str, &'a str> {
    let mut by_series: BTreeMap<&str, Vec<&Bulletin>> = BTreeMap::new();
    for b in bulletins {
        by_series.entry(&b.series).or_default().push(b);
    }
    let mut previous = BTreeMap::new();
    for members in by_series.values_mut() {
        members.sort_by(|a, b| a.period.cmp(&b.period).then_with(|| a.path.cmp(&b.path)));
        for pair in members.windows(2) {
            previous.insert(pair[1].path.as_str(), pair[0].path.as_str());
        }
    }
    previous
}

/// Each row's change against the standings of the previous period, and its former name.
pub(super) fn set_changes(b: &Bulletin, r: &mut Results, previous: Option<&Standings>) {
    for c in &mut r.categories {
        let category = &b.data.categories[c.category].id;
        for row in &mut c.rows {
            let e = &b.data.entries[row.entry];
            (row.change, row.renamed_from) = match previous {
                None => (Change::First, None),
                Some(Standings::Held) => (Change::Held, None),
                Some(Standings::Ranked(map)) => match map.get(&e.id) {
                    None => (Change::New, None),
                    Some(before) => (
                        change(before, category, row.rank),
                        (before.name != e.name).then(|| before.name.clone()),
                    ),
                },
            };
        }
    }
}

fn change(before: &Standing, category: &str, rank: Option<usize>) -> Change {
    if before.category != category {
        return Change::Moved {
            from: before.category_name.clone(),
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
