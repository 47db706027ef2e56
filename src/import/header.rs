//! Finding the header of a sheet: skip title rows (a merged title is one text cell in a
//! row), find the row that names the units or people, read a second header row under a
//! merged group (一级指标 over 二级指标), and say what each column holds.
//!
//! Header text is normalised before it is compared: full-width letters and digits become
//! ASCII, spaces and line breaks go, and a weight in brackets (`经济发展（50分）`) is taken
//! off and kept as the column's weight.

use rust_decimal::Decimal;

use super::read::{Cell, Grid};

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Seq,
    Id,
    Name,
    Unit,
    Post,
    Category,
    Bonus,
    BonusReason,
    Deduction,
    DeductionReason,
    Total,
    Rank,
    Note,
    /// Computed by `bulletin` (等次): read past, never published from the sheet.
    Ignored,
    /// An indicator score, with its name and the weight written in the header.
    Indicator {
        name: String,
        weight: Option<Decimal>,
    },
}

#[derive(Debug, Clone)]
pub struct Column {
    pub index: usize,
    /// The header as written (the lower row of a two-level header), for messages.
    pub header: String,
    /// The group above it in a two-level header (一级指标), normalised.
    pub group: Option<(String, Option<Decimal>)>,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct Header {
    /// The (upper) header row.
    pub row: usize,
    /// The first row below the header.
    pub data_from: usize,
    pub columns: Vec<Column>,
}

impl Column {
    /// The indicator name of an indicator column (without its weight).
    pub fn indicator(&self) -> Option<&str> {
        match &self.role {
            Role::Indicator { name, .. } => Some(name),
            _ => None,
        }
    }
}

impl Header {
    pub fn find(&self, role: &Role) -> Option<&Column> {
        self.columns.iter().find(|c| &c.role == role)
    }

    /// Every header as written, for "the headers found are …".
    pub fn shown(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.header.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Full-width ASCII to ASCII, no whitespace of any width.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{3000}' => None,
            c if c.is_whitespace() => None,
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            c => Some(c),
        })
        .collect()
}

/// `经济发展（50分）` → (`经济发展`, Some(50)); a bracket that holds no number stays.
pub fn split_weight(text: &str) -> (String, Option<Decimal>) {
    let n = normalise(text);
    for (open, close) in [('(', ')'), ('【', '】'), ('[', ']')] {
        if let Some(stripped) = n.strip_suffix(close)
            && let Some(at) = stripped.rfind(open)
        {
            let inner = &stripped[at + open.len_utf8()..];
            let inner = inner.strip_prefix("权重").unwrap_or(inner);
            let inner = inner.strip_suffix('%').unwrap_or(inner);
            if let Ok(w) = crate::number::parse_decimal(inner) {
                return (stripped[..at].to_string(), Some(w));
            }
        }
    }
    (n, None)
}

/// The role a header names, when it is one of the fixed columns.
fn fixed_role(name: &str, people: bool) -> Option<Role> {
    Some(match name {
        "序号" | "序" | "No." | "No" => Role::Seq,
        "编号" | "ID" | "id" | "代码" | "人员编号" | "单位编号" => Role::Id,
        "姓名" => Role::Name,
        "单位名称" | "被考核单位" | "考核单位" | "名称" | "单位" if !people => {
            Role::Name
        }
        "单位" | "所在单位" | "工作单位" | "单位名称" => Role::Unit,
        "职务" | "岗位" | "职务职级" => Role::Post,
        "类别" | "人员类别" | "单位类别" | "考核类别" | "分类" | "类型" => {
            Role::Category
        }
        "加分" | "加分项" | "奖励加分" => Role::Bonus,
        "加分事由" | "加分原因" | "加分说明" => Role::BonusReason,
        "扣分" | "扣分项" | "倒扣分" | "减分" => Role::Deduction,
        "扣分事由" | "扣分原因" | "扣分说明" => Role::DeductionReason,
        "总分" | "合计" | "总得分" | "综合得分" | "考核总分" | "得分" => {
            Role::Total
        }
        "排名" | "名次" | "排序" | "类内排名" => Role::Rank,
        "备注" => Role::Note,
        "等次" | "等级" | "考核等次" | "较上期" | "较上月" => Role::Ignored,
        _ => return None,
    })
}

fn names_a_row(cell: &Cell) -> bool {
    cell.text().is_some_and(|t| {
        matches!(
            normalise(t).as_str(),
            "单位名称" | "被考核单位" | "考核单位" | "单位" | "姓名" | "名称"
        )
    })
}

/// The header of `grid`, or `None` when no row in its first 20 names units or people
/// (a sheet of notes, say).
pub fn find(grid: &Grid, people: Option<bool>) -> Option<Header> {
    let row = (0..grid.rows.len().min(20)).find(|&r| grid.rows[r].iter().any(names_a_row))?;
    let top = &grid.rows[row];
    let people = people.unwrap_or_else(|| {
        top.iter()
            .any(|c| c.text().is_some_and(|t| normalise(t) == "姓名"))
    });
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    // A second header row: text only, nothing under the name column, more than one cell
    // (one merged text is a separator row such as 一、园区类).
    let name_col = top.iter().position(names_a_row).unwrap_or(0);
    let below = grid.rows.get(row + 1);
    let two_level = below.is_some_and(|r| {
        r.iter().all(|c| !matches!(c, Cell::Number(_)))
            && r.iter().filter(|c| c.text().is_some()).count() >= 2
            && grid.cell(row + 1, name_col).is_blank()
    });
    let mut columns = Vec::new();
    let mut group: Option<String> = None;
    for col in 0..width {
        let upper = grid.cell(row, col).text().map(str::to_string);
        let lower = if two_level {
            grid.cell(row + 1, col).text().map(str::to_string)
        } else {
            None
        };
        if upper.is_some() {
            group = upper.clone();
        }
        let (header, group_of) = match (&upper, &lower) {
            (_, Some(l)) => (l.clone(), group.clone()),
            (Some(u), None) => (u.clone(), None),
            (None, None) => continue,
        };
        let (name, weight) = split_weight(&header);
        let role = fixed_role(&name, people).unwrap_or(Role::Indicator {
            name: name.clone(),
            weight,
        });
        let group_of = group_of
            .filter(|g| Some(g) != Some(&header))
            .map(|g| split_weight(&g));
        columns.push(Column {
            index: col,
            header: header.trim().to_string(),
            group: group_of,
            role,
        });
    }
    Some(Header {
        row,
        data_from: row + 1 + usize::from(two_level),
        columns,
    })
}

/// `一、园区类`, `（二）经济发展类部门`, `3. 国有企业类` → the name without its numbering.
pub fn strip_numbering(text: &str) -> String {
    let n = normalise(text);
    let numerals = |c: char| "一二三四五六七八九十0123456789".contains(c);
    let (rest, closing) = match n.strip_prefix(['(', '（']) {
        Some(r) => (r, &[')', '）'][..]),
        None => (n.as_str(), &['、', '.', '．', ':', '：'][..]),
    };
    let after = rest.trim_start_matches(numerals);
    if after.len() == rest.len() {
        return n;
    }
    match after.strip_prefix(closing) {
        Some(name) => name.to_string(),
        None => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_come_off_headers() {
        assert_eq!(
            split_weight("经济发展（50分）"),
            ("经济发展".into(), Some(Decimal::from(50)))
        );
        assert_eq!(
            split_weight("招商 引资(２５)"),
            ("招商引资".into(), Some(Decimal::from(25)))
        );
        assert_eq!(split_weight("党的建设（含党风廉政）").1, None);
        assert_eq!(split_weight("群众满意度【15%】").1, Some(Decimal::from(15)));
    }

    #[test]
    fn separator_rows_lose_their_numbering() {
        assert_eq!(strip_numbering("一、园区类"), "园区类");
        assert_eq!(strip_numbering("（二）经济发展类部门"), "经济发展类部门");
        assert_eq!(strip_numbering("3. 国有企业类"), "国有企业类");
        assert_eq!(strip_numbering("街道镇类"), "街道镇类");
        assert_eq!(strip_numbering("一般工作人员"), "一般工作人员");
    }
}
