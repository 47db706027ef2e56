use super::*;
use crate::model::{Bonus, Category, Deduction, Indicator, Rounding, Share, TierRule};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn entry(id: &str, category: usize, total: &str) -> Entry {
    Entry {
        id: id.into(),
        name: format!("单位{id}"),
        category,
        unit: None,
        post: None,
        grade: None,
        measure: Measure::Total(d(total)),
        bonus: vec![],
        deductions: vec![],
        note: None,
        deferred: false,
    }
}

fn category(id: &str) -> Category {
    Category {
        id: id.into(),
        name: format!("{id}类"),
        indicators: vec![Indicator {
            id: "all".into(),
            name: "综合".into(),
            weight: d("100"),
        }],
        bonus_cap: d("3"),
    }
}

fn tiers(top: &str, bottom: &str, rounding: Rounding) -> Tiers {
    Tiers {
        rounding,
        top: TierRule {
            name: "先进".into(),
            share: Share::parse(top).unwrap(),
        },
        bottom: Some(TierRule {
            name: "落后".into(),
            share: Share::parse(bottom).unwrap(),
        }),
        otherwise: "达标".into(),
    }
}

fn scores(entries: Vec<Entry>, tiers: Option<Tiers>) -> Scores {
    Scores {
        subject: crate::model::Subject::Units,
        units: vec![],
        models: None,
        grades: None,
        scale: d("100"),
        decimals: 2,
        categories: vec![category("a"), category("b")],
        tiers,
        entries,
    }
}

/// (id, rank, tied, tier) of category 0, in listed order.
fn table(s: &Scores) -> Vec<(String, Option<usize>, bool, Option<String>)> {
    rank(s).categories[0]
        .rows
        .iter()
        .map(|r| {
            (
                s.entries[r.entry].id.clone(),
                r.rank,
                r.tied,
                r.tier.clone(),
            )
        })
        .collect()
}

#[test]
fn weighted_total_is_exact_and_rounded_half_up() {
    let mut e = entry("x", 0, "0");
    e.measure = Measure::Scores {
        scores: vec![d("85.455"), d("90")],
        weights: vec![d("50"), d("50")],
        overridden: false,
    };
    // 85.455 × 0.5 + 45 = 87.7275
    assert_eq!(exact_total(&e), d("87.7275"));
    e.bonus.push(Bonus {
        points: d("0.5"),
        reason: "r".into(),
    });
    e.deductions.push(Deduction {
        date: jiff::civil::date(2025, 3, 1),
        points: d("0.25"),
        reason: "r".into(),
    });
    assert_eq!(exact_total(&e), d("87.9775"));
    let s = scores(vec![e], None);
    assert_eq!(rank(&s).categories[0].rows[0].total.to_string(), "87.98");
}

#[test]
fn ties_share_a_place_and_skip_the_next() {
    let totals = [
        d("95"),
        d("90"),
        d("90"),
        d("80"),
        d("80"),
        d("80"),
        d("70"),
    ];
    let ranks: Vec<_> = competition_ranks(&totals);
    assert_eq!(
        ranks,
        vec![
            (1, false),
            (2, true),
            (2, true),
            (4, true),
            (4, true),
            (4, true),
            (7, false)
        ]
    );
}

#[test]
fn ties_are_judged_on_the_published_total() {
    // 88.455 and 88.4549 differ exactly but both publish as 88.46 (and 88.45 for the
    // third): readers see equal totals, so they share a place.
    let s = scores(
        vec![
            entry("a", 0, "88.455"),
            entry("b", 0, "88.4549"),
            entry("c", 0, "88.4551"),
        ],
        None,
    );
    let t = table(&s);
    assert_eq!(t[0].1, Some(1));
    assert_eq!(t[0].0, "a");
    assert_eq!(t[1].0, "c");
    assert_eq!(t[1].1, Some(1));
    assert_eq!(t[2], ("b".into(), Some(3), false, None));
}

#[test]
fn input_order_never_decides() {
    let base = vec![
        entry("m", 0, "90"),
        entry("k", 0, "95"),
        entry("z", 0, "90"),
        entry("a", 0, "90"),
        entry("q", 0, "70"),
    ];
    let expected = table(&scores(base.clone(), None));
    assert_eq!(
        expected.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["k", "a", "m", "z", "q"]
    );
    let mut rotated = base;
    for _ in 0..5 {
        rotated.rotate_left(1);
        assert_eq!(table(&scores(rotated.clone(), None)), expected);
        rotated.reverse();
        assert_eq!(table(&scores(rotated.clone(), None)), expected);
    }
}

#[test]
fn ranking_is_within_each_category() {
    let s = scores(
        vec![
            entry("a1", 0, "80"),
            entry("b1", 1, "99"),
            entry("a2", 0, "85"),
        ],
        None,
    );
    let r = rank(&s);
    assert_eq!(r.categories.len(), 2);
    assert_eq!(r.categories[0].rows[0].rank, Some(1));
    assert_eq!(s.entries[r.categories[0].rows[0].entry].id, "a2");
    assert_eq!(r.categories[1].rows[0].rank, Some(1));
}

#[test]
fn tiers_follow_shares_with_the_rounding_mode() {
    let ten: Vec<Entry> = (0..10)
        .map(|i| entry(&format!("e{i}"), 0, &format!("{}", 90 - i)))
        .collect();
    let s = scores(ten.clone(), Some(tiers("30%", "10%", Rounding::Floor)));
    let names: Vec<_> = table(&s).into_iter().map(|r| r.3.unwrap()).collect();
    assert_eq!(names[..3], ["先进", "先进", "先进"]);
    assert_eq!(names[3..9], ["达标"; 6]);
    assert_eq!(names[9], "落后");
    // 7 entries: 30% is 2.1 → floor 2, ceil 3; 10% is 0.7 → floor 0, ceil 1.
    let seven = ten[..7].to_vec();
    let floor = table(&scores(
        seven.clone(),
        Some(tiers("30%", "10%", Rounding::Floor)),
    ));
    assert_eq!(
        floor
            .iter()
            .filter(|r| r.3.as_deref() == Some("先进"))
            .count(),
        2
    );
    assert_eq!(
        floor
            .iter()
            .filter(|r| r.3.as_deref() == Some("落后"))
            .count(),
        0
    );
    let ceil = table(&scores(seven, Some(tiers("30%", "10%", Rounding::Ceil))));
    assert_eq!(
        ceil.iter()
            .filter(|r| r.3.as_deref() == Some("先进"))
            .count(),
        3
    );
    assert_eq!(
        ceil.iter()
            .filter(|r| r.3.as_deref() == Some("落后"))
            .count(),
        1
    );
}

#[test]
fn a_tie_across_the_top_line_is_all_in_and_said() {
    // 10 entries, 30% → 3; places 1, 2, 3, 3: both thirds are 先进.
    let mut es: Vec<Entry> = (0..10)
        .map(|i| entry(&format!("e{i}"), 0, &format!("{}", 90 - i)))
        .collect();
    es[3].measure = Measure::Total(d("88"));
    let s = scores(es, Some(tiers("30%", "10%", Rounding::Floor)));
    let r = rank(&s);
    let c = &r.categories[0];
    let top: Vec<_> = c
        .rows
        .iter()
        .filter(|r| r.tier.as_deref() == Some("先进"))
        .collect();
    assert_eq!(top.len(), 4);
    assert!(top[2].tier_by_tie && top[3].tier_by_tie);
    assert!(!top[0].tier_by_tie);
    assert_eq!(c.tier_notes.len(), 1);
    assert!(
        c.tier_notes[0].contains("先进实为4个"),
        "{}",
        c.tier_notes[0]
    );
}

#[test]
fn a_tie_across_the_bottom_line_gets_the_better_tier() {
    // 10 entries, bottom 10% → 1; the last two tie: neither is 落后.
    let mut es: Vec<Entry> = (0..10)
        .map(|i| entry(&format!("e{i}"), 0, &format!("{}", 90 - i)))
        .collect();
    es[9].measure = Measure::Total(d("82"));
    let s = scores(es, Some(tiers("30%", "10%", Rounding::Floor)));
    let r = rank(&s);
    let c = &r.categories[0];
    assert!(c.rows.iter().all(|r| r.tier.as_deref() != Some("落后")));
    assert!(c.rows[8].tier_by_tie && c.rows[9].tier_by_tie);
    assert!(
        c.tier_notes[0].contains("落后实为0个"),
        "{}",
        c.tier_notes[0]
    );
}

#[test]
fn everyone_tied_is_top_when_the_best_place_is_inside() {
    let es: Vec<Entry> = (0..4).map(|i| entry(&format!("e{i}"), 0, "80")).collect();
    let t = table(&scores(es, Some(tiers("30%", "30%", Rounding::HalfUp))));
    assert!(
        t.iter()
            .all(|r| r.1 == Some(1) && r.2 && r.3.as_deref() == Some("先进"))
    );
}

#[test]
fn deferred_entries_are_listed_unranked_and_uncounted() {
    let mut es: Vec<Entry> = (0..10)
        .map(|i| entry(&format!("e{i}"), 0, &format!("{}", 90 - i)))
        .collect();
    es[0].deferred = true;
    let s = scores(es, Some(tiers("30%", "10%", Rounding::Floor)));
    let r = rank(&s);
    let c = &r.categories[0];
    let last = c.rows.last().unwrap();
    assert_eq!(s.entries[last.entry].id, "e0");
    assert_eq!((last.rank, last.tier.clone()), (None, None));
    // 9 ranked: 30% → 2 先进, 10% → 0 落后.
    assert_eq!(
        c.rows
            .iter()
            .filter(|r| r.tier.as_deref() == Some("先进"))
            .count(),
        2
    );
    assert_eq!(c.rows[0].rank, Some(1));
    let st = c.stats.as_ref().unwrap();
    assert_eq!(st.count, 9);
    assert_eq!(st.highest, d("89.00"));
}

#[test]
fn statistics_use_published_totals() {
    let st = stats(&[d("90.00"), d("85.50"), d("80.25")], 2).unwrap();
    assert_eq!(st.average.to_string(), "85.25");
    assert_eq!(st.gap.to_string(), "9.75");
    let st = stats(&[d("90.01"), d("90.00"), d("90.00")], 2).unwrap();
    // 270.01 / 3 = 90.00333… → 90.00
    assert_eq!(st.average.to_string(), "90.00");
    assert_eq!(stats(&[], 2), None);
}

mod change {
    use super::*;
    use crate::model::{Bulletin, Period};

    fn bulletin(path: &str, period: &str, series: &str, entries: Vec<Entry>) -> Bulletin {
        Bulletin {
            path: path.into(),
            source: path.into(),
            title: path.into(),
            period: Period::parse(period).unwrap(),
            series: series.into(),
            published: jiff::civil::date(2025, 4, 3),
            basis: None,
            notice: None,
            narrative: String::new(),
            narrative_line: 1,
            draft: false,
            preview_note: None,
            fingerprint: 0,
            data: scores(entries, None),
            assets: vec![],
            attachments: vec![],
            stories: vec![],
            revisions: vec![],
            document: None,
        }
    }

    fn changes(results: &Results, b: &Bulletin) -> Vec<(String, String)> {
        results
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .map(|r| (b.data.entries[r.entry].id.clone(), r.change.words()))
            .collect()
    }

    #[test]
    fn change_against_the_previous_period_by_id() {
        let mut renamed = entry("b", 0, "99");
        renamed.name = "新名称".into();
        let mut deferred = entry("d", 0, "50");
        deferred.deferred = true;
        let march = bulletin(
            "m03",
            "2025-03",
            "monthly",
            vec![
                entry("a", 0, "90"),
                entry("b", 0, "80"),
                entry("c", 0, "70"),
                entry("e", 0, "60"),
                entry("f", 0, "65"),
            ],
        );
        let april = bulletin(
            "m04",
            "2025-04",
            "monthly",
            vec![
                entry("a", 0, "90"),
                renamed,
                entry("c", 1, "95"),
                deferred,
                entry("e", 0, "70"),
                entry("f", 0, "60"),
            ],
        );
        let other_series = bulletin("q1", "2025-Q1", "quarterly", vec![entry("a", 0, "1")]);
        // Keyed by path: periods decide the order, not the paths (q1 sorts between).
        let all: BTreeMap<String, std::sync::Arc<Bulletin>> = [april, other_series, march]
            .into_iter()
            .map(|b| (b.path.clone(), std::sync::Arc::new(b)))
            .collect();
        let results = rank_site(&all, &Default::default()).unwrap().results;
        assert_eq!(
            changes(&results["m04"], &all["m04"]),
            vec![
                ("b".to_string(), "上升1位".to_string()),
                ("a".into(), "下降1位".into()),
                ("e".into(), "上升2位".into()),
                ("f".into(), "持平".into()),
                ("d".into(), "新进".into()),
                ("c".into(), "类别调整（上期为a类）".into()),
            ]
        );
        let b_row = &results["m04"].categories[0].rows[0];
        assert_eq!(b_row.renamed_from.as_deref(), Some("单位b"));
        assert_eq!(changes(&results["m03"], &all["m03"])[0].1, "");
        assert_eq!(results["q1"].categories[0].rows[0].change, Change::First);
        // The same, one bulletin at a time, from the previous one's standings.
        let before = Standings::of(&all["m03"], &rank_bulletin(&all["m03"], None).unwrap());
        let april = rank_bulletin(&all["m04"], Some(&before)).unwrap();
        assert_eq!(
            changes(&april, &all["m04"]),
            changes(&results["m04"], &all["m04"])
        );
    }

    #[test]
    fn a_previous_period_held_back_shows_nothing_of_it() {
        let one = bulletin("1", "2025-01", "s", vec![entry("x", 0, "80")]);
        let two = bulletin("2", "2025-02", "s", vec![entry("x", 0, "70")]);
        let all: BTreeMap<String, std::sync::Arc<Bulletin>> = [one, two]
            .into_iter()
            .map(|b| (b.path.clone(), std::sync::Arc::new(b)))
            .collect();
        let held = ["1".to_string()].into_iter().collect();
        let r = rank_site(&all, &held).unwrap().results;
        assert_eq!(r["2"].categories[0].rows[0].change, Change::Held);
        assert_eq!(r["2"].categories[0].rows[0].change.words(), "上期未发布");
    }

    #[test]
    fn deferral_on_either_side_is_not_a_jump() {
        let mut d1 = entry("x", 0, "80");
        d1.deferred = true;
        let one = bulletin("1", "2025-01", "s", vec![d1, entry("y", 0, "70")]);
        let two = bulletin(
            "2",
            "2025-02",
            "s",
            vec![entry("x", 0, "80"), entry("y", 0, "70")],
        );
        let mut d3 = entry("x", 0, "80");
        d3.deferred = true;
        let three = bulletin("3", "2025-03", "s", vec![d3, entry("y", 0, "70")]);
        let all: BTreeMap<String, std::sync::Arc<Bulletin>> = [one, two, three]
            .into_iter()
            .map(|b| (b.path.clone(), std::sync::Arc::new(b)))
            .collect();
        let r = rank_site(&all, &Default::default()).unwrap().results;
        assert_eq!(r["2"].categories[0].rows[0].change, Change::WasDeferred);
        assert_eq!(r["2"].categories[0].rows[1].change, Change::Down(1));
        assert_eq!(r["3"].categories[0].rows[1].change, Change::Unranked);
        assert_eq!(r["3"].categories[0].rows[0].change, Change::Up(1));
    }
}
