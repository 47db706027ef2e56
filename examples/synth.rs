//! A synthetic bulletin site of any size, for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example synth -- --bulletins 2000 --units 40 [--seed 7] [--hugo HUGO_OUT] OUT
//! ```
//!
//! writes a valid site into `OUT` (`OUT/content/site.yaml`, `OUT/content/<year>/<MM>-<series>/`
//! with `index.md` and `scores.yaml`). The site is made of several monthly series (one per
//! assessment programme, consecutive months ending 2025-12), each covering the same units,
//! so that every unit's history page grows with the site. Units get realistic Chinese names
//! composed from parts (区财政局, 东湖街道, 青山镇, 临港物流园, 望川水务集团 …), 4–6 categories
//! with 3–5 indicators whose weights add up to 100, deductions dated inside the month,
//! bonuses within `bonus_cap`, tiers, a rename, an own-weights entry, the odd deferred
//! entry, and a Chinese markdown narrative (with **bold** next to Chinese punctuation).
//! The output is byte-identical for a given seed and size.
//!
//! With `--hugo HUGO_OUT`, the same content is also written as a plain Hugo site: the
//! rankings are computed by the `bulletin` library from the files just written (so the
//! tables are the ones `bulletin` publishes) and written as markdown tables, with a
//! minimal theme of about the weight of bulletin's own.
//!
//! std only: a splitmix64 generator, integer arithmetic for the narrative's numbers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------
// Randomness: splitmix64, deterministic for a seed.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as u64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// A derived generator, so that adding draws in one place does not shift another.
    fn fork(&mut self, salt: u64) -> Rng {
        Rng(self.next() ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93))
    }
}

// ---------------------------------------------------------------------------------------
// Names and words.

const DISTRICTS: &[&str] = &[
    "望川新区",
    "临江区",
    "青峰区",
    "云溪新区",
    "长汀区",
    "白沙区",
];

/// (field, suffix, id, kind): 区 + field + suffix. kind: 0 economic, 1 social, 2 law.
const DEPTS: &[(&str, &str, &str, u8)] = &[
    ("发展和改革", "委员会", "fgw", 0),
    ("财政", "局", "czj", 0),
    ("教育", "局", "jyj", 1),
    ("市场监督管理", "局", "scjgj", 2),
    ("科学技术", "局", "kjj", 0),
    ("卫生健康", "委员会", "wjw", 1),
    ("综合行政执法", "局", "zhzfj", 2),
    ("商务", "局", "swj", 0),
    ("民政", "局", "mzj", 1),
    ("司法", "局", "sfj", 2),
    ("统计", "局", "tjj", 0),
    ("人力资源和社会保障", "局", "rsj", 1),
    ("应急管理", "局", "yjglj", 2),
    ("自然资源和规划", "局", "zrzyj", 0),
    ("文化广电旅游体育", "局", "wgltj", 1),
    ("生态环境", "分局", "sthjfj", 2),
    ("住房和城乡建设", "局", "zjj", 0),
    ("退役军人事务", "局", "tyjrj", 1),
    ("政务服务和数据管理", "局", "zwfwj", 2),
    ("交通运输", "局", "jtysj", 0),
    ("医疗保障", "局", "ybj", 1),
    ("城市管理", "局", "cgj", 2),
    ("农业农村", "局", "nyncj", 0),
    ("审计", "局", "sjj", 0),
    ("信访", "局", "xfj", 1),
    ("水利", "局", "slj", 0),
    ("国有资产监督管理", "委员会", "gzw", 0),
    ("机关事务管理", "局", "jgswj", 1),
    ("工业和信息化", "局", "gxj", 0),
    ("林业", "局", "lyj", 2),
];

/// A department renamed part-way through the timeline: (id, new name).
const RENAMES: &[(&str, &str)] = &[
    ("swj", "区商务和投资促进局"),
    ("kjj", "区科学技术和工业信息化局"),
    ("tjj", "区统计和调查局"),
];

const PLACE_A: &[(&str, &str)] = &[
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("青", "qing"),
    ("白", "bai"),
    ("金", "jin"),
    ("龙", "long"),
    ("凤", "feng"),
    ("云", "yun"),
    ("临", "lin"),
    ("新", "xin"),
    ("长", "chang"),
    ("永", "yong"),
    ("安", "an"),
    ("平", "ping"),
    ("石", "shi"),
    ("松", "song"),
    ("柳", "liu"),
    ("桃", "tao"),
    ("梅", "mei"),
    ("兰", "lan"),
    ("华", "hua"),
    ("明", "ming"),
    ("泉", "quan"),
    ("望", "wang"),
    ("双", "shuang"),
    ("大", "da"),
    ("小", "xiao"),
    ("高", "gao"),
];
const PLACE_B: &[(&str, &str)] = &[
    ("湖", "hu"),
    ("山", "shan"),
    ("江", "jiang"),
    ("河", "he"),
    ("桥", "qiao"),
    ("港", "gang"),
    ("岭", "ling"),
    ("塘", "tang"),
    ("坪", "ping"),
    ("湾", "wan"),
    ("林", "lin"),
    ("川", "chuan"),
    ("门", "men"),
    ("口", "kou"),
    ("田", "tian"),
    ("源", "yuan"),
    ("沙", "sha"),
    ("阳", "yang"),
    ("城", "cheng"),
    ("溪", "xi"),
];

const PARK_KINDS: &[(&str, &str)] = &[
    ("高新技术产业园", "hitech"),
    ("产业园", "park"),
    ("物流园", "logistics"),
    ("科创园", "innov"),
    ("生态农业园", "agri"),
    ("经济开发区", "edz"),
];

const GROUP_KINDS: &[(&str, &str)] = &[
    ("城市建设投资集团", "ct-group"),
    ("交通投资集团", "jt-group"),
    ("水务集团", "sw-group"),
    ("文化旅游发展集团", "wl-group"),
    ("产业投资集团", "cy-group"),
    ("国有资产运营集团", "gz-group"),
    ("农业发展集团", "ny-group"),
    ("建设工程集团", "jg-group"),
];

/// Assessment programmes; each is one monthly series.
const TOPICS: &[(&str, &str)] = &[
    ("units", "部门绩效考核"),
    ("key-tasks", "重点工作任务督查考核"),
    ("biz-env", "营商环境评价"),
    ("safety", "安全生产工作考核"),
    ("ecology", "生态环境保护考核"),
    ("petition", "信访工作考核"),
    ("gov-service", "政务服务效能考核"),
    ("party", "党建工作考核"),
    ("projects", "重点项目建设考核"),
    ("invest", "招商引资工作考核"),
    ("civility", "文明创建工作考核"),
    ("rural", "乡村振兴工作考核"),
    ("digital", "数字政府建设考核"),
    ("rule-of-law", "法治政府建设考核"),
    ("hotline", "市民热线办理考核"),
    ("budget", "预算绩效管理考核"),
    ("info", "政务信息工作考核"),
    ("audit", "审计整改工作考核"),
    ("stats", "统计工作考核"),
    ("flood", "防汛防台工作考核"),
    ("fire", "消防安全工作考核"),
    ("food", "食品安全工作考核"),
    ("talent", "人才工作考核"),
    ("tech", "科技创新工作考核"),
];

const DEDUCTION_REASONS: &[&str] = &[
    "信息报送逾期",
    "会议无故缺席",
    "督查交办事项整改不到位",
    "预算执行进度滞后",
    "值班值守抽查脱岗",
    "市民热线工单办理超时",
    "营商环境投诉经核查属实",
    "政务服务好差评差评未按时整改",
    "公文处理差错被通报",
    "重点项目进度滞后于时序计划",
    "安全生产检查发现隐患未按期整改",
    "环保督察反馈问题整改不到位",
    "信访事项办理超期",
    "统计数据质量抽查不合格",
    "政府网站信息更新不及时",
];

const BONUS_REASONS: &[&str] = &[
    "承办全区现场会",
    "获市级集体表彰",
    "改革创新案例入选省级典型",
    "重点项目提前完成节点任务",
    "政务信息被市委办采用",
    "争取上级资金超额完成",
    "工作经验获市级推广",
    "获省级荣誉称号",
    "招引重大项目落地",
];

/// Category kinds: (id, name, indicator pool).
type Pool = &'static [(&'static str, &'static str)];
const PARKS: (&str, &str, Pool) = (
    "parks",
    "园区类",
    &[
        ("econ", "经济发展"),
        ("invest", "招商引资"),
        ("tasks", "重点任务"),
        ("innov", "科技创新"),
        ("land", "土地集约利用"),
        ("safety", "安全生产"),
        ("party", "党的建设"),
    ],
);
const ECON_DEPTS: (&str, &str, Pool) = (
    "econ-depts",
    "经济发展类部门",
    &[
        ("duty", "职能目标"),
        ("tasks", "重点任务"),
        ("service", "服务发展"),
        ("reform", "改革创新"),
        ("exec", "执行力建设"),
        ("party", "党的建设"),
    ],
);
const SOCIAL_DEPTS: (&str, &str, Pool) = (
    "social-depts",
    "社会管理类部门",
    &[
        ("duty", "职能目标"),
        ("livelihood", "民生实事"),
        ("satisfaction", "群众满意度"),
        ("reform", "改革创新"),
        ("risk", "风险防控"),
        ("party", "党的建设"),
    ],
);
const LAW_DEPTS: (&str, &str, Pool) = (
    "law-depts",
    "执法服务类部门",
    &[
        ("duty", "职能目标"),
        ("lawful", "依法行政"),
        ("service", "服务效能"),
        ("satisfaction", "群众满意度"),
        ("safety", "安全监管"),
        ("party", "党的建设"),
    ],
);
const SOCIAL_LAW_DEPTS: (&str, &str, Pool) = (
    "social-law-depts",
    "社会管理和执法服务类部门",
    &[
        ("duty", "职能目标"),
        ("livelihood", "民生实事"),
        ("lawful", "依法行政"),
        ("satisfaction", "群众满意度"),
        ("service", "服务效能"),
        ("party", "党的建设"),
    ],
);
const ALL_DEPTS: (&str, &str, Pool) = (
    "depts",
    "区直部门",
    &[
        ("duty", "职能目标"),
        ("tasks", "重点任务"),
        ("service", "服务效能"),
        ("reform", "改革创新"),
        ("satisfaction", "群众满意度"),
        ("party", "党的建设"),
    ],
);
const SOE: (&str, &str, Pool) = (
    "soe",
    "国有企业类",
    &[
        ("profit", "经营业绩"),
        ("projects", "重点项目"),
        ("risk", "风险防控"),
        ("reform", "国企改革"),
        ("assets", "国有资产保值增值"),
        ("party", "党的建设"),
    ],
);
const TOWNS: (&str, &str, Pool) = (
    "towns",
    "街道镇类",
    &[
        ("econ", "经济发展"),
        ("governance", "社会治理"),
        ("ecology", "生态环境"),
        ("rural", "乡村振兴"),
        ("stability", "安全稳定"),
        ("party", "党的建设"),
    ],
);

// ---------------------------------------------------------------------------------------
// The generated model.

struct Unit {
    id: String,
    name: String,
    /// Index into the site's categories.
    category: usize,
    /// Skill, in hundredths of a point.
    base: i64,
}

struct Indicator {
    id: &'static str,
    name: &'static str,
    weight: i64,
}

struct Category {
    id: &'static str,
    name: &'static str,
    indicators: Vec<Indicator>,
    /// In hundredths.
    bonus_cap: i64,
}

struct Series {
    id: String,
    name: String,
    /// (rounding, top share, bottom share or "")
    tiers: (&'static str, &'static str, &'static str),
    top_name: &'static str,
    bottom_name: &'static str,
    other_name: &'static str,
    /// 25 or 50: the step of indicator scores, in hundredths.
    step: i64,
    /// First month, as a month count (year × 12 + month − 1), and how many months.
    first: i64,
    months: i64,
    categories: Vec<Category>,
}

struct Entry {
    unit: usize,
    /// In the order of the category's indicators, in hundredths.
    scores: Vec<i64>,
    /// Own weights for the first two indicators, where the entry has them.
    own_weights: Option<(i64, i64)>,
    bonus: Vec<(i64, &'static str)>,
    deductions: Vec<(i64, i64, &'static str)>, // (day, hundredths, reason)
    deferred: bool,
}

struct Site {
    district: &'static str,
    units: Vec<Unit>,
    /// (kind id, name, pool) of each category, site-wide.
    kinds: Vec<(&'static str, &'static str, Pool)>,
    series: Vec<Series>,
    /// Unit index and month count from which the rename applies.
    rename: Option<(usize, &'static str, i64)>,
    /// The unit with its own weights (first unit of the first category).
    own_weights_unit: usize,
}

const LAST_MONTH: i64 = 2025 * 12 + 11; // 2025-12

fn year_month(m: i64) -> (i64, i64) {
    (m / 12, m % 12 + 1)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// (y, m, d) plus `n` days.
fn add_days(mut y: i64, mut m: i64, mut d: i64, n: i64) -> (i64, i64, i64) {
    d += n;
    while d > days_in_month(y, m) {
        d -= days_in_month(y, m);
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    (y, m, d)
}

fn iso(y: i64, m: i64, d: i64) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Hundredths as a plain decimal: 9125 → 91.25, 9150 → 91.5, 9100 → 91.
fn dec(h: i64) -> String {
    let (i, f) = (h / 100, h % 100);
    if f == 0 {
        format!("{i}")
    } else if f % 10 == 0 {
        format!("{i}.{}", f / 10)
    } else {
        format!("{i}.{f:02}")
    }
}

/// Hundredths with two places: 9150 → 91.50.
fn fixed2(h: i64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

fn units(
    rng: &mut Rng,
    count: usize,
    short: &str,
) -> (Vec<Unit>, Vec<(&'static str, &'static str, Pool)>) {
    // Shares of the kinds, and how departments split into categories.
    let n_cat = 4 + rng.below(3) as usize;
    let n_cat = if count < 2 * n_cat { 4 } else { n_cat };
    let kinds: Vec<(&str, &str, Pool)> = match n_cat {
        6 => vec![PARKS, ECON_DEPTS, SOCIAL_DEPTS, LAW_DEPTS, SOE, TOWNS],
        5 => vec![PARKS, ECON_DEPTS, SOCIAL_LAW_DEPTS, SOE, TOWNS],
        _ => vec![PARKS, ALL_DEPTS, SOE, TOWNS],
    };
    let parks = (count / 10).max(2);
    let soe = (count / 8).max(2);
    let depts = ((count * 45) / 100).clamp(2 * (n_cat - 3), DEPTS.len());
    let towns = count.saturating_sub(parks + soe + depts).max(2);
    let depts = count - parks - soe - towns;

    let mut used_ids = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    let place = |rng: &mut Rng, used: &mut std::collections::BTreeSet<String>, suffix: &str| {
        loop {
            let a = rng.pick(PLACE_A);
            let b = rng.pick(PLACE_B);
            let id = format!("{}{}{suffix}", a.1, b.1);
            if used.insert(id.clone()) {
                return (format!("{}{}", a.0, b.0), id);
            }
        }
    };
    let base = |rng: &mut Rng| rng.range(8300, 9500);

    for i in 0..parks {
        let (name, id) = place(rng, &mut used_ids, "");
        let kind = PARK_KINDS[i % PARK_KINDS.len()];
        let id = format!("{id}-{}", kind.1);
        used_ids.insert(id.clone());
        out.push(Unit {
            id,
            name: format!("{name}{}", kind.0),
            category: 0,
            base: base(rng),
        });
    }
    // Departments in a fixed order, each to its kind's category.
    for d in DEPTS.iter().take(depts) {
        let category = match n_cat {
            6 => 1 + d.3 as usize,
            5 => 1 + (d.3 != 0) as usize,
            _ => 1,
        };
        used_ids.insert(d.2.to_string());
        out.push(Unit {
            id: d.2.to_string(),
            name: format!("区{}{}", d.0, d.1),
            category,
            base: base(rng),
        });
    }
    let soe_cat = n_cat - 2;
    for i in 0..soe {
        let kind = GROUP_KINDS[i % GROUP_KINDS.len()];
        let (name, id) = if i < GROUP_KINDS.len() {
            (format!("{short}{}", kind.0), kind.1.to_string())
        } else {
            let (p, pid) = place(rng, &mut used_ids, "");
            (format!("{p}{}", kind.0), format!("{pid}-{}", kind.1))
        };
        used_ids.insert(id.clone());
        out.push(Unit {
            id,
            name,
            category: soe_cat,
            base: base(rng),
        });
    }
    for i in 0..towns {
        let street = i % 3 != 2;
        let (name, id) = place(rng, &mut used_ids, if street { "" } else { "-zhen" });
        out.push(Unit {
            id,
            name: format!("{name}{}", if street { "街道" } else { "镇" }),
            category: n_cat - 1,
            base: base(rng),
        });
    }
    (out, kinds)
}

/// 3–5 indicators of a pool, weights in fives, each at least 10, adding up to 100.
fn indicators(rng: &mut Rng, pool: Pool) -> Vec<Indicator> {
    let k = 3 + rng.below(3) as usize;
    let k = k.min(pool.len());
    // Keep `party` (the last of every pool) and k − 1 others, in pool order.
    let mut chosen: Vec<usize> = (0..pool.len() - 1).collect();
    while chosen.len() > k - 1 {
        let drop = rng.below(chosen.len() as u64) as usize;
        chosen.remove(drop);
    }
    chosen.push(pool.len() - 1);
    let mut weights = vec![10i64; k];
    let mut left = (100 - 10 * k as i64) / 5;
    // The first indicator (the main work) gets a head start.
    let head = left.min(rng.range(3, 6));
    weights[0] += 5 * head;
    left -= head;
    while left > 0 {
        // Biased to the first indicators: the main work weighs most, party building least.
        let i = rng.below(k as u64).min(rng.below(k as u64)) as usize;
        weights[i] += 5;
        left -= 1;
    }
    chosen
        .into_iter()
        .zip(weights)
        .map(|(i, weight)| Indicator {
            id: pool[i].0,
            name: pool[i].1,
            weight,
        })
        .collect()
}

fn build_site(seed: u64, bulletins: usize, unit_count: usize) -> Site {
    let mut rng = Rng::new(seed);
    let district = *rng.pick(DISTRICTS);
    // The short form used in enterprise names: 望川新区 → 望川, 临江区 → 临江.
    let short = district.trim_end_matches('区').trim_end_matches('新');
    let (units, kinds) = units(&mut rng.fork(1), unit_count, short);

    // Series: one per programme, at most 120 months each while programmes last, then longer.
    let n_series = bulletins
        .div_ceil(120)
        .clamp(1, TOPICS.len())
        .min(bulletins.max(1));
    let mut series = Vec::new();
    let mut srng = rng.fork(2);
    for (s, topic) in TOPICS.iter().enumerate().take(n_series) {
        let months = (bulletins / n_series + usize::from(s < bulletins % n_series)) as i64;
        let rounding = *srng.pick(&["floor", "floor", "half_up", "ceil"]);
        let top = *srng.pick(&["30%", "30%", "20%", "1/3"]);
        let bottom = *srng.pick(&["10%", "10%", "15%", ""]);
        let (top_name, other_name, bottom_name) = *srng.pick(&[
            ("先进", "达标", "落后"),
            ("优秀", "良好", "一般"),
            ("好", "较好", "一般"),
        ]);
        let mut categories: Vec<Category> = Vec::new();
        for &(id, name, pool) in &kinds {
            let mut ind = indicators(&mut srng, pool);
            // Weights differ from category to category.
            while categories.iter().any(|c| {
                c.indicators.iter().map(|i| i.weight).collect::<Vec<_>>()
                    == ind.iter().map(|i| i.weight).collect::<Vec<_>>()
            }) {
                ind = indicators(&mut srng, pool);
            }
            categories.push(Category {
                id,
                name,
                indicators: ind,
                bonus_cap: *srng.pick(&[200, 300]),
            });
        }
        series.push(Series {
            id: topic.0.to_string(),
            name: topic.1.to_string(),
            tiers: (rounding, top, bottom),
            top_name,
            bottom_name,
            other_name,
            step: *srng.pick(&[25, 50]),
            first: LAST_MONTH - months + 1,
            months,
            categories,
        });
    }
    let earliest = series.iter().map(|s| s.first).min().unwrap_or(LAST_MONTH);
    let rename = RENAMES.iter().find_map(|(id, new)| {
        let u = units.iter().position(|u| u.id == *id)?;
        Some((u, *new, earliest + (LAST_MONTH - earliest) * 3 / 5))
    });
    let own_weights_unit = 0;
    Site {
        district,
        units,
        kinds,
        series,
        rename,
        own_weights_unit,
    }
}

/// One month of a series: every unit's entry.
fn month_entries(
    site: &Site,
    series: &Series,
    month: i64,
    drift: &mut [i64],
    rng: &mut Rng,
) -> Vec<Entry> {
    let (y, m) = year_month(month);
    let dim = days_in_month(y, m);
    site.units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let cat = &series.categories[unit.category];
            // A slow random walk per unit and series, so that places move but not wildly.
            let shock = rng.range(-120, 120) + rng.range(-120, 120);
            drift[u] = drift[u] * 4 / 5 + shock;
            let centre = unit.base + drift[u];
            let scores = cat
                .indicators
                .iter()
                .map(|_| {
                    let s = centre + rng.range(-350, 350);
                    let s = (s / series.step) * series.step;
                    s.clamp(6000, 10000)
                })
                .collect();
            let own_weights = (u == site.own_weights_unit && cat.indicators.len() >= 2)
                .then(|| (cat.indicators[0].weight - 5, cat.indicators[1].weight + 5));
            let mut bonus = Vec::new();
            if rng.chance(110) {
                let mut left = cat.bonus_cap;
                for _ in 0..1 + usize::from(rng.chance(250)) {
                    let p = *rng.pick(&[50, 100, 150]);
                    if p <= left {
                        left -= p;
                        bonus.push((p, *rng.pick(BONUS_REASONS)));
                    }
                }
            }
            let mut deductions = Vec::new();
            if rng.chance(300) {
                for _ in 0..1 + usize::from(rng.chance(300)) + usize::from(rng.chance(100)) {
                    deductions.push((
                        rng.range(1, dim),
                        *rng.pick(&[20, 20, 30, 50, 50, 100]),
                        *rng.pick(DEDUCTION_REASONS),
                    ));
                }
                deductions.sort();
            }
            Entry {
                unit: u,
                scores,
                own_weights,
                bonus,
                deductions,
                deferred: rng.chance(3),
            }
        })
        .collect()
}

/// The published total in hundredths: Σ score × weight ÷ 100 + bonus − deductions,
/// rounded half-up to two places.
fn total(cat: &Category, e: &Entry) -> i64 {
    let mut base4 = 0; // ten-thousandths
    for (i, (ind, s)) in cat.indicators.iter().zip(&e.scores).enumerate() {
        let w = match (i, e.own_weights) {
            (0, Some((w, _))) => w,
            (1, Some((_, w))) => w,
            _ => ind.weight,
        };
        base4 += s * w;
    }
    let bonus: i64 = e.bonus.iter().map(|b| b.0).sum();
    let ded: i64 = e.deductions.iter().map(|d| d.1).sum();
    let t4 = base4 + 100 * (bonus - ded);
    (t4 + 50).div_euclid(100)
}

/// Competition ranks within each category: unit index → (place, tied).
fn ranks(site: &Site, series: &Series, entries: &[Entry]) -> BTreeMap<usize, (usize, bool, i64)> {
    let mut out = BTreeMap::new();
    for (c, cat) in series.categories.iter().enumerate() {
        let mut rows: Vec<(i64, &str, usize)> = entries
            .iter()
            .filter(|e| site.units[e.unit].category == c && !e.deferred)
            .map(|e| (total(cat, e), site.units[e.unit].id.as_str(), e.unit))
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        for (i, r) in rows.iter().enumerate() {
            let first = rows.iter().position(|x| x.0 == r.0).unwrap_or(i);
            let tied = rows.iter().filter(|x| x.0 == r.0).count() > 1;
            out.insert(r.2, (first + 1, tied, r.0));
        }
    }
    out
}

fn unit_name(site: &Site, u: usize, month: i64) -> &str {
    match site.rename {
        Some((r, new, from)) if r == u && month >= from => new,
        _ => &site.units[u].name,
    }
}

// ---------------------------------------------------------------------------------------
// Writing the bulletin site.

struct Written {
    /// Path below content/, e.g. 2025/03-units.
    path: String,
    title: String,
    published: String,
    period: String,
    series: String,
    notice: Option<(String, String)>,
    narrative: String,
    /// What the narrative says: per category id, the first place's unit ids and total.
    firsts: Firsts,
}

/// Per category id, the first place's unit ids and total, as the narrative says.
type Firsts = Vec<(&'static str, Vec<String>, String)>;

fn scores_yaml(site: &Site, series: &Series, month: i64, entries: &[Entry]) -> String {
    let (y, m) = year_month(month);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}{y}年{m}月{}得分（合成数据，仅供测试）",
        site.district, series.name
    );
    s.push_str("subject: units\nscale: 100\ndecimals: 2\ncategories:\n");
    for c in &series.categories {
        let _ = writeln!(s, "  - id: {}\n    name: {}\n    indicators:", c.id, c.name);
        for i in &c.indicators {
            let _ = writeln!(
                s,
                "      - {{ id: {}, name: {}, weight: {} }}",
                i.id, i.name, i.weight
            );
        }
        let _ = writeln!(s, "    bonus_cap: {}", dec(c.bonus_cap));
    }
    let (rounding, top, bottom) = series.tiers;
    let _ = writeln!(
        s,
        "tiers:\n  rounding: {rounding}\n  top:    {{ name: {}, share: {top} }}",
        series.top_name
    );
    if !bottom.is_empty() {
        let _ = writeln!(
            s,
            "  bottom: {{ name: {}, share: {bottom} }}",
            series.bottom_name
        );
    }
    let _ = writeln!(s, "  otherwise: {}\nentries:", series.other_name);
    for e in entries {
        let unit = &site.units[e.unit];
        let cat = &series.categories[unit.category];
        let _ = writeln!(
            s,
            "  - id: {}\n    name: {}\n    category: {}",
            unit.id,
            unit_name(site, e.unit, month),
            cat.id
        );
        let scores: Vec<String> = cat
            .indicators
            .iter()
            .zip(&e.scores)
            .map(|(i, v)| format!("{}: {}", i.id, dec(*v)))
            .collect();
        let _ = writeln!(s, "    scores: {{ {} }}", scores.join(", "));
        if let Some((a, b)) = e.own_weights {
            let _ = writeln!(
                s,
                "    weights: {{ {}: {a}, {}: {b} }}\n    note: 按考核办法单列指标权重",
                cat.indicators[0].id, cat.indicators[1].id
            );
        }
        if !e.bonus.is_empty() {
            s.push_str("    bonus:\n");
            for (p, r) in &e.bonus {
                let _ = writeln!(s, "      - {{ points: {}, reason: {r} }}", dec(*p));
            }
        }
        if !e.deductions.is_empty() {
            s.push_str("    deductions:\n");
            for (d, p, r) in &e.deductions {
                let _ = writeln!(
                    s,
                    "      - {{ date: {}, points: {}, reason: {r} }}",
                    iso(y, m, *d),
                    dec(*p)
                );
            }
        }
        if e.deferred {
            s.push_str("    status: deferred\n");
            if e.own_weights.is_none() {
                s.push_str("    note: 因机构职能调整，本期缓评\n");
            }
        }
    }
    s
}

fn narrative(
    site: &Site,
    series: &Series,
    month: i64,
    entries: &[Entry],
    now: &BTreeMap<usize, (usize, bool, i64)>,
    before: Option<&BTreeMap<usize, (usize, bool, i64)>>,
    rng: &mut Rng,
) -> (String, Firsts) {
    let mut firsts_out = Vec::new();
    let (y, m) = year_month(month);
    let ranked = entries.iter().filter(|e| !e.deferred).count();
    let deferred = entries.len() - ranked;
    let mut s = String::new();
    let opener = *rng.pick(&[
        "各单位围绕年度目标任务，扎实推进各项工作",
        "全区上下聚焦“**高质量发展**”主线，各项工作有序推进",
        "各单位认真落实区委、区政府部署，整体工作保持平稳",
        "全区各项重点任务按计划推进，“**比学赶超**”氛围日益浓厚",
    ]);
    let _ = write!(
        s,
        "**总体情况：**{y}年{m}月，{opener}。本月共有{}个单位参加{}，分{}个类别进行类内排名",
        entries.len(),
        series.name,
        series.categories.len()
    );
    if deferred > 0 {
        let _ = write!(s, "，其中{deferred}个单位**缓评**，不参与排名");
    }
    let (_, top, bottom) = series.tiers;
    let _ = write!(s, "。按类内排名前{}", top);
    if !bottom.is_empty() {
        let _ = write!(s, "、后{}", bottom);
    }
    let _ = writeln!(s, "划分等次，名额按类别内参评单位数计算。\n");

    s.push_str("**分类排名：**");
    let mut table =
        String::from("| 类别 | 参评单位 | 第一名 | 总分 |\n| --- | ---: | --- | ---: |\n");
    let mut first_parts = Vec::new();
    for (c, cat) in series.categories.iter().enumerate() {
        let firsts: Vec<usize> = now
            .iter()
            .filter(|(u, r)| site.units[**u].category == c && r.0 == 1)
            .map(|(u, _)| *u)
            .collect();
        let count = now.keys().filter(|u| site.units[**u].category == c).count();
        let Some(&f) = firsts.first() else { continue };
        let t = fixed2(now[&f].2);
        let mut ids: Vec<String> = firsts.iter().map(|&u| site.units[u].id.clone()).collect();
        ids.sort();
        firsts_out.push((cat.id, ids, t.clone()));
        let mut names: Vec<(&str, &str)> = firsts
            .iter()
            .map(|&u| (site.units[u].id.as_str(), unit_name(site, u, month)))
            .collect();
        names.sort();
        let names: Vec<&str> = names.into_iter().map(|n| n.1).collect();
        if names.len() > 1 {
            first_parts.push(format!(
                "{}{}总分同为{t}分，**并列第1名**",
                cat.name,
                names.join("、")
            ));
        } else {
            first_parts.push(format!("{}以{t}分位列{}**第一名**", names[0], cat.name));
        }
        let _ = writeln!(
            table,
            "| {} | {count} | {} | {t} |",
            cat.name,
            names.join("、")
        );
    }
    s.push_str(&first_parts.join("；"));
    s.push('。');
    if let Some(before) = before {
        // The largest rise within a category, if any.
        let mut best: Option<(usize, &str, usize)> = None;
        for (u, r) in now {
            if let Some(b) = before.get(u)
                && b.0 > r.0
            {
                let rise = b.0 - r.0;
                let id = site.units[*u].id.as_str();
                if best.is_none_or(|x| rise > x.0 || (rise == x.0 && id < x.1)) {
                    best = Some((rise, id, *u));
                }
            }
        }
        if let Some((rise, _, u)) = best.filter(|b| b.0 >= 2) {
            let cat = &series.categories[site.units[u].category];
            let _ = write!(
                s,
                "{}在{}中较上月**上升{rise}位**，进步最为明显。",
                unit_name(site, u, month),
                cat.name
            );
        }
    }
    s.push_str("\n\n");
    s.push_str(&table);
    s.push('\n');

    let deductions: usize = entries.iter().map(|e| e.deductions.len()).sum();
    let deducted = entries.iter().filter(|e| !e.deductions.is_empty()).count();
    let points: i64 = entries
        .iter()
        .flat_map(|e| &e.deductions)
        .map(|d| d.1)
        .sum();
    let bonused = entries.iter().filter(|e| !e.bonus.is_empty()).count();
    let _ = write!(
        s,
        "**扣分情况：**本月日常督查共记录扣分{deductions}项，涉及{deducted}个单位，合计扣减{}分，扣分明细随表公布；{bonused}个单位获得加分。",
        dec(points)
    );
    let closing = *rng.pick(&[
        "请各单位对照扣分事项抓好整改，排名靠后的单位要认真分析原因，切实补齐短板。",
        "各单位要对标先进、查找差距，以“**钉钉子**”精神推动各项任务落地见效。",
        "对连续排名靠后的单位，考核办将适时开展约谈提醒。",
    ]);
    let _ = writeln!(s, "**有关要求：**{closing}");
    (s, firsts_out)
}

fn index_md(w: &Written, basis_year: i64, series_no: usize) -> String {
    let mut s = String::from("---\n");
    let _ = writeln!(s, "title: {}", w.title);
    let _ = writeln!(s, "period: {}", w.period);
    let _ = writeln!(s, "series: {}", w.series);
    let _ = writeln!(s, "published: {}", w.published);
    let _ = writeln!(
        s,
        "basis: 《{basis_year}年度绩效考核办法》（考办〔{basis_year}〕{}号）",
        series_no + 3
    );
    if let Some((from, to)) = &w.notice {
        let _ = writeln!(s, "notice:\n  from: {from}\n  to: {to}");
    }
    s.push_str("---\n");
    s.push_str(&w.narrative);
    s
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn write_bulletin_site(site: &Site, seed: u64, out: &Path) -> Result<Vec<Written>, String> {
    let content = out.join("content");
    let d = site.district;
    write_file(
        &content.join("site.yaml"),
        &format!(
            "# 合成数据：{d}为虚构地名，全部单位与分数由 examples/synth.rs（seed {seed}）生成。\n\
             title: {d}绩效考核公示平台（合成数据）\n\
             issuer: {d}绩效考核工作领导小组办公室\n\
             base_url: https://kaohe.example.org/\n\
             description: 合成数据站点：{d}{}个单位、{}个考核系列的月度绩效考核排名通报，用于性能测试。\n\
             audience: internet\n\
             contact:\n  phone: 0000-12345678\n  address: {d}行政中心3楼301室\n  email: kaohe@example.org\n\
             series:\n{}",
            site.units.len(),
            site.series.len(),
            site.series
                .iter()
                .map(|s| format!("  {}: {}\n", s.id, q(&s.name)))
                .collect::<String>()
        ),
    )?;
    write_file(
        &content.join("index.md"),
        &format!(
            "本平台公布{d}各园区、部门、国有企业和街道镇的**月度绩效考核**排名通报。公示期内对结果有异议的，请按各通报所列方式反映。\n"
        ),
    )?;
    let mut written = Vec::new();
    for (s_no, series) in site.series.iter().enumerate() {
        let mut rng = Rng::new(seed).fork(1000 + s_no as u64);
        let mut drift = vec![0i64; site.units.len()];
        let mut before: Option<BTreeMap<usize, (usize, bool, i64)>> = None;
        for k in 0..series.months {
            let month = series.first + k;
            let (y, m) = year_month(month);
            let entries = month_entries(site, series, month, &mut drift, &mut rng);
            let now = ranks(site, series, &entries);
            let (narrative, firsts) = narrative(
                site,
                series,
                month,
                &entries,
                &now,
                before.as_ref(),
                &mut rng,
            );
            let (py, pm, pd) = add_days(y, m, days_in_month(y, m), rng.range(2, 8));
            let last = k == series.months - 1;
            let notice = last.then(|| {
                let (ty, tm, td) = add_days(py, pm, pd, 6);
                (iso(py, pm, pd), iso(ty, tm, td))
            });
            let w = Written {
                path: format!("{y}/{m:02}-{}", series.id),
                title: format!("{d}{y}年{m}月{}排名通报", series.name),
                published: iso(py, pm, pd),
                period: format!("{y}-{m:02}"),
                series: series.id.clone(),
                notice,
                narrative,
                firsts,
            };
            let dir = content.join(&w.path);
            write_file(
                &dir.join("scores.yaml"),
                &scores_yaml(site, series, month, &entries),
            )?;
            write_file(&dir.join("index.md"), &index_md(&w, y, s_no))?;
            written.push(w);
            before = Some(now);
        }
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------
// The same content as a Hugo site, ranked by the bulletin library.

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}{{ end }}</title>
{{ with site.Params.description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap">
    <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
    <nav aria-label="主导航">
      <a href="{{ "/" | relURL }}">首页</a>
      <a href="{{ "archive/" | relURL }}">往期通报</a>
      <a href="{{ "units/" | relURL }}">单位查询</a>
    </nav>
  </div>
</header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Params.issuer }}</p>
    {{ with site.Params.contact }}<p>联系方式：电话 {{ .phone }}　地址 {{ .address }}　邮箱 {{ .email }}</p>{{ end }}
  </div>
</footer>
</body>
</html>
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}
<article class="bulletin">
<header class="bulletin-head">
  {{ if .Params.period_text }}<p class="meta"><a href="{{ "archive/" | relURL }}">往期通报</a> › {{ .Params.period_text }}</p>
  {{ else }}<p class="meta"><a href="{{ "units/" | relURL }}">单位查询</a> › {{ .Params.category }}</p>{{ end }}
  <h1>{{ .Title }}</h1>
  {{ with .Params.period_text }}
  <dl class="facts">
    <div><dt>考核期</dt><dd>{{ . }}</dd></div>
    <div><dt>发布日期</dt><dd><time datetime="{{ $.Date.Format "2006-01-02" }}">{{ $.Date.Format "2006年1月2日" }}</time></dd></div>
    {{ with $.Params.basis }}<div><dt>考核依据</dt><dd>{{ . }}</dd></div>{{ end }}
    {{ with $.Params.notice_from }}<div><dt>公示期</dt><dd>{{ . }}至{{ $.Params.notice_to }}</dd></div>{{ end }}
  </dl>
  {{ end }}
</header>
<section class="prose">{{ .Content }}</section>
{{ with .Params.notice_from }}
<section class="notice-box"><h2>公示说明</h2><p>公示时间：{{ . }}至{{ $.Params.notice_to }}。公示期间如有异议，请以真实姓名通过以下方式反映：</p>
{{ with site.Params.contact }}<ul><li>电话：{{ .phone }}</li><li>地址：{{ .address }}</li><li>邮箱：{{ .email }}</li></ul>{{ end }}</section>
{{ end }}
<p class="issuer">{{ site.Params.issuer }}</p>
</article>
{{ end }}
"##;

const HUGO_LIST: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Params.period_text }}</span></li>
{{ end }}
</ul>
{{ end }}
"##;

const HUGO_HOME: &str = r##"{{ define "main" }}
<h1 class="visually-hidden">{{ site.Title }}</h1>
<section class="prose intro">{{ .Content }}</section>
{{ $bulletins := where site.RegularPages "Section" "ne" "units" }}
<section aria-labelledby="notices">
  <h2 id="notices">公示</h2>
  <ul class="cards">
  {{ range where $bulletins "Params.notice_from" "!=" nil }}
    <li class="card notice"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <p class="meta">公示期：{{ .Params.notice_from }}至{{ .Params.notice_to }}</p></li>
  {{ end }}
  </ul>
</section>
<section aria-labelledby="latest">
  <h2 id="latest">最新通报</h2>
  <ul class="cards">
  {{ range first 12 $bulletins.ByDate.Reverse }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <p class="meta">{{ .Params.period_text }} · {{ .Params.units }}个单位 · {{ .Params.categories }}个类别 · 发布于<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time></p></li>
  {{ end }}
  </ul>
  <p><a href="{{ "archive/" | relURL }}">查看全部往期通报 →</a></p>
</section>
{{ end }}
"##;

const HUGO_ARCHIVE: &str = r##"{{ define "main" }}
<h1>往期通报</h1>
{{ $bulletins := where site.RegularPages "Section" "ne" "units" }}
{{ range $bulletins.GroupByParam "year" "desc" }}
<section>
  <h2>{{ .Key }}年</h2>
  {{ range .Pages.GroupByParam "series" }}
  <h3>{{ .Key }}</h3>
  <ul class="list">
    {{ range .Pages.ByParam "period" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Params.period_text }} · {{ .Date.Format "2006年1月2日" }}</span></li>
    {{ end }}
  </ul>
  {{ end }}
</section>
{{ end }}
{{ end }}
"##;

const HUGO_UNITS: &str = r##"{{ define "main" }}
<h1>单位查询</h1>
<p>按最近一期所属类别列出。点击单位名称查看各期得分与名次。</p>
<ul class="list units">
{{ range .Pages.GroupByParam "category" }}
  <li class="group">{{ .Key }}</li>
  {{ range .Pages.ByParam "unit_id" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
  {{ end }}
{{ end }}
</ul>
{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}
<h1>页面不存在</h1>
<p>您访问的页面不存在或已移动。<a href="{{ "/" | relURL }}">返回首页</a></p>
{{ end }}
"##;

/// YAML-safe double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Markdown table cell: no pipes.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn write_hugo_site(out: &Path, hugo: &Path, written: &[Written]) -> Result<(usize, usize), String> {
    use bulletin::model::Measure;
    use bulletin::number::fixed;

    let (site, _warnings) = bulletin::load::load_site(out)
        .map_err(|d| format!("the generated site does not load:\n{d}"))?;
    let results = bulletin::rank::rank_site(&site.bulletins, &Default::default())
        .map_err(|e| e.to_string())?
        .results;
    let by_path: BTreeMap<&str, &Written> = written.iter().map(|w| (w.path.as_str(), w)).collect();
    let c = &site.config;
    let contact = c.contact.as_ref();
    let field = |f: fn(&bulletin::model::Contact) -> &Option<String>| {
        contact.and_then(|c| f(c).clone()).unwrap_or_default()
    };
    write_file(
        &hugo.join("hugo.toml"),
        &format!(
            "baseURL = {}\ntitle = {}\n\
             disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n\
             [markup.goldmark.renderer]\n  unsafe = false\n\
             [markup.goldmark.extensions.cjk]\n  enable = true\n\
             [params]\n  issuer = {}\n  description = {}\n\
             [params.contact]\n  phone = {}\n  address = {}\n  email = {}\n",
            q(&c.base_url),
            q(&c.title),
            q(&c.issuer),
            q(c.description.as_deref().unwrap_or("")),
            q(&field(|c| &c.phone)),
            q(&field(|c| &c.address)),
            q(&field(|c| &c.email)),
        ),
    )?;
    let layouts = hugo.join("layouts");
    write_file(&layouts.join("_default/baseof.html"), HUGO_BASEOF)?;
    write_file(&layouts.join("_default/single.html"), HUGO_SINGLE)?;
    write_file(&layouts.join("_default/list.html"), HUGO_LIST)?;
    write_file(&layouts.join("index.html"), HUGO_HOME)?;
    write_file(&layouts.join("archive/list.html"), HUGO_ARCHIVE)?;
    write_file(&layouts.join("units/list.html"), HUGO_UNITS)?;
    write_file(&layouts.join("404.html"), HUGO_404)?;
    let css = bulletin::render::THEME
        .iter()
        .find(|(n, _)| *n == "static/style.css")
        .map_or("", |(_, t)| t);
    write_file(&hugo.join("static/static/style.css"), css)?;
    let content = hugo.join("content");
    write_file(
        &content.join("_index.md"),
        &format!(
            "---\ntitle: {}\n---\n{}",
            q(&c.title),
            site.home.as_deref().unwrap_or("")
        ),
    )?;
    write_file(
        &content.join("archive/_index.md"),
        "---\ntitle: 往期通报\n---\n",
    )?;
    write_file(
        &content.join("units/_index.md"),
        "---\ntitle: 单位查询\n---\n",
    )?;

    // Unit histories, gathered in time order as bulletin does.
    let mut order: Vec<&bulletin::model::Bulletin> =
        site.bulletins.values().map(|b| &**b).collect();
    order.sort_by(|x, y| x.period.cmp(&y.period).then_with(|| x.path.cmp(&y.path)));
    let mut units: BTreeMap<String, (String, String, String)> = BTreeMap::new(); // id → (name, category, table rows)

    for b in order {
        let r = &results[b.path.as_str()];
        let d = b.data.decimals;
        let w = by_path
            .get(b.path.as_str())
            .ok_or_else(|| format!("bulletin {} was not generated here", b.path))?;
        let show_change = r
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .any(|row| row.change != bulletin::rank::Change::First);
        // The narrative was written from synth's own arithmetic; the library must agree.
        for (cat_id, ids, total) in &w.firsts {
            let lib = r
                .categories
                .iter()
                .find(|c| b.data.categories[c.category].id == *cat_id);
            let mut lib_ids: Vec<String> = lib
                .iter()
                .flat_map(|c| &c.rows)
                .filter(|row| row.rank == Some(1))
                .map(|row| b.data.entries[row.entry].id.clone())
                .collect();
            lib_ids.sort();
            let lib_total = lib
                .and_then(|c| c.rows.first())
                .map(|row| fixed(row.total, d))
                .unwrap_or_default();
            if lib_ids != *ids || lib_total != *total {
                return Err(format!(
                    "{}: the narrative names {ids:?} at {total} first in {cat_id}, bulletin ranks {lib_ids:?} at {lib_total}",
                    b.path
                ));
            }
        }
        let mut md = String::from("---\n");
        let _ = writeln!(md, "title: {}", q(&b.title));
        let _ = writeln!(md, "date: {}", b.published);
        let _ = writeln!(md, "period: {}", q(&b.period.code()));
        let _ = writeln!(md, "period_text: {}", q(&b.period.to_string()));
        let _ = writeln!(md, "year: {}", b.period.year());
        let _ = writeln!(md, "series: {}", q(&b.series));
        let _ = writeln!(md, "units: {}", b.data.entries.len());
        let _ = writeln!(md, "categories: {}", b.data.categories.len());
        if let Some(basis) = &b.basis {
            let _ = writeln!(md, "basis: {}", q(basis));
        }
        if let Some((from, to)) = &w.notice {
            let _ = writeln!(md, "notice_from: {}\nnotice_to: {}", q(from), q(to));
        }
        md.push_str("---\n");
        md.push_str(&b.narrative);
        if let Some(t) = &b.data.tiers {
            let pct = |s: &bulletin::model::Share| {
                let p =
                    rust_decimal::Decimal::from(s.num * 100) / rust_decimal::Decimal::from(s.den);
                format!("{}%", p.round_dp(2).normalize())
            };
            let _ = write!(
                md,
                "\n等次规则：{}：各类别排名前{}",
                t.top.name,
                pct(&t.top.share)
            );
            if let Some(bt) = &t.bottom {
                let _ = write!(md, "；{}：排名后{}", bt.name, pct(&bt.share));
            }
            let _ = writeln!(md, "；其余为{}。", t.otherwise);
        }
        for cr in &r.categories {
            let cat = &b.data.categories[cr.category];
            let _ = writeln!(md, "\n## {}\n", cat.name);
            md.push_str("| 名次 | 单位 | 总分 |");
            if show_change {
                md.push_str(" 较上期 |");
            }
            md.push_str(" 等次 |");
            for ind in &cat.indicators {
                let _ = write!(
                    md,
                    " {}（{}） |",
                    ind.name,
                    bulletin::number::plain(ind.weight)
                );
            }
            md.push_str(" 加分 | 扣分 |\n|---:|---|---:|");
            if show_change {
                md.push_str("---|");
            }
            md.push_str("---|");
            for _ in &cat.indicators {
                md.push_str("---:|");
            }
            md.push_str("---:|---:|\n");
            let of = cr.rows.iter().filter(|r| r.rank.is_some()).count();
            for row in &cr.rows {
                let e = &b.data.entries[row.entry];
                let place = match row.rank {
                    Some(p) if row.tied => format!("并列{p}"),
                    Some(p) => p.to_string(),
                    None => String::new(),
                };
                let total = fixed(row.total, d);
                let _ = write!(
                    md,
                    "| {} | [{}](/units/{}/) | {} |",
                    if e.deferred { "—" } else { &place },
                    cell(&e.name),
                    e.id,
                    if e.deferred { "缓评" } else { &total }
                );
                if show_change {
                    let _ = write!(md, " {} |", row.change.words());
                }
                let _ = write!(md, " {} |", row.tier.as_deref().unwrap_or(""));
                match &e.measure {
                    Measure::Scores { scores, .. } if !e.deferred => {
                        for s in scores {
                            let _ = write!(md, " {} |", bulletin::number::plain(*s));
                        }
                    }
                    _ => {
                        for _ in &cat.indicators {
                            md.push_str(" — |");
                        }
                    }
                }
                let nz = |v: rust_decimal::Decimal| {
                    if v.is_zero() {
                        String::new()
                    } else {
                        bulletin::number::plain(v)
                    }
                };
                let _ = writeln!(md, " {} | {} |", nz(row.bonus), nz(row.deductions));

                let place_text = if row.rank.is_some() {
                    format!("{place}/{of}")
                } else {
                    "缓评".into()
                };
                let unit = units.entry(e.id.clone()).or_default();
                unit.0.clone_from(&e.name);
                unit.1.clone_from(&cat.name);
                let _ = writeln!(
                    unit.2,
                    "| {} | [{}](/{}/) | {} | {} | {} | {} | {} |",
                    b.period,
                    cell(&b.title),
                    b.path,
                    cat.name,
                    if row.rank.is_some() {
                        total.as_str()
                    } else {
                        "—"
                    },
                    place_text,
                    row.change.words(),
                    row.tier.as_deref().unwrap_or("")
                );
            }
            for n in &cr.tier_notes {
                let _ = writeln!(md, "\n\\* {n}");
            }
            if let Some(s) = &cr.stats {
                let _ = writeln!(
                    md,
                    "\n参与排名{}个 · 平均分{} · 最高分{} · 最低分{} · 最大分差{}",
                    s.count,
                    fixed(s.average, d),
                    fixed(s.highest, d),
                    fixed(s.lowest, d),
                    fixed(s.gap, d)
                );
            }
        }
        let mut bonuses = Vec::new();
        let mut deductions = Vec::new();
        for e in &b.data.entries {
            for x in &e.bonus {
                bonuses.push((e.id.as_str(), &e.name, x));
            }
            for x in &e.deductions {
                deductions.push((x.date, e.id.as_str(), &e.name, x));
            }
        }
        bonuses.sort_by_key(|x| x.0);
        deductions.sort_by_key(|x| (x.0, x.1));
        if !bonuses.is_empty() {
            md.push_str("\n## 加分明细\n\n| 单位 | 分值 | 事由 |\n|---|---:|---|\n");
            for (_, name, x) in bonuses {
                let _ = writeln!(
                    md,
                    "| {} | +{} | {} |",
                    cell(name),
                    bulletin::number::plain(x.points),
                    cell(&x.reason)
                );
            }
        }
        if !deductions.is_empty() {
            md.push_str("\n## 扣分明细\n\n| 日期 | 单位 | 分值 | 事由 |\n|---|---|---:|---|\n");
            for (date, _, name, x) in deductions {
                let _ = writeln!(
                    md,
                    "| {}年{}月{}日 | {} | −{} | {} |",
                    date.year(),
                    date.month(),
                    date.day(),
                    cell(name),
                    bulletin::number::plain(x.points),
                    cell(&x.reason)
                );
            }
        }
        write_file(&content.join(&b.path).join("index.md"), &md)?;
    }
    for (id, (name, category, rows)) in &units {
        let md = format!(
            "---\ntitle: {}\nunit_id: {}\ncategory: {}\n---\n## 各期得分与名次\n\n\
             | 考核期 | 通报 | 类别 | 总分 | 类内名次 | 较上期 | 等次 |\n|---|---|---|---:|---:|---|---|\n{rows}",
            q(name),
            q(id),
            q(category)
        );
        write_file(&content.join("units").join(format!("{id}.md")), &md)?;
    }
    Ok((site.bulletins.len(), units.len()))
}

// ---------------------------------------------------------------------------------------
// The command line.

/// What to generate. `generate` is also what a test calls, through
/// `#[path = "../examples/synth.rs"] mod synth;`.
pub struct Options {
    pub bulletins: usize,
    pub units: usize,
    pub seed: u64,
    /// Also write the same content as a Hugo site here.
    pub hugo: Option<PathBuf>,
    pub out: PathBuf,
}

/// Write the site (and the Hugo site, if asked) and say what was written.
pub fn generate(o: &Options) -> Result<String, String> {
    if o.bulletins == 0 {
        return Err("--bulletins must be at least 1".into());
    }
    if !(8..=400).contains(&o.units) {
        return Err("--units must be from 8 to 400".into());
    }
    for dir in std::iter::once(&o.out).chain(&o.hugo) {
        if !empty_or_missing(dir) {
            return Err(format!(
                "{} exists and is not empty; remove it first",
                dir.display()
            ));
        }
    }
    let site = build_site(o.seed, o.bulletins, o.units);
    let written = write_bulletin_site(&site, o.seed, &o.out)?;
    let mut said = format!(
        "{} bulletins ({} series × ~{} months), {} units in {} categories → {}",
        written.len(),
        site.series.len(),
        site.series.first().map_or(0, |s| s.months),
        site.units.len(),
        site.kinds.len(),
        o.out.display()
    );
    if let Some(hugo) = &o.hugo {
        let (b, u) = write_hugo_site(&o.out, hugo, &written)?;
        said.push_str(&format!(
            "; Hugo site with {b} bulletins and {u} unit pages → {}",
            hugo.display()
        ));
    }
    Ok(said)
}

const USAGE: &str = "usage: synth --bulletins N --units N [--seed N] [--hugo HUGO_OUT] OUT\n\
     writes a synthetic bulletin site into OUT (which must not exist or be empty)";

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut bulletins, mut units, mut seed, mut hugo, mut out) = (20, 40, 7, None, None);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--bulletins" => {
                bulletins = value("--bulletins")?
                    .parse()
                    .map_err(|e| format!("--bulletins: {e}"))?
            }
            "--units" => {
                units = value("--units")?
                    .parse()
                    .map_err(|e| format!("--units: {e}"))?
            }
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--hugo" => hugo = Some(PathBuf::from(value("--hugo")?)),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if out.is_none() => out = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    Ok(Options {
        bulletins,
        units,
        seed,
        hugo,
        out: out.ok_or("OUT is missing")?,
    })
}

fn empty_or_missing(dir: &Path) -> bool {
    fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("synth: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match generate(&options) {
        Ok(said) => {
            eprintln!("synth: {said}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}
