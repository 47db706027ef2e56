//! `bulletin import --template units.xlsx --like DIR`: a blank sheet to fill, one sheet
//! per category with its indicators (and weights) in the header and the units or people
//! of that bulletin in the rows: the layout `import` reads back without any mapping.

use crate::msg;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Bulletin, Subject};

/// Write the template of `like` to `out`; returns what it wrote, for the terminal.
pub fn write(like: &Bulletin, out: &Path) -> Result<String, Diagnostics> {
    build(like, out).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(msg!(
                "import-template-cannot-write",
                file = out,
                detail = e.to_string()
            ))
            .hint(msg!("import-template-cannot-write-help")),
        )
    })?;
    let data = &like.data;
    let id = if data.subject == Subject::People {
        "import-template-wrote-people"
    } else {
        "import-template-wrote-units"
    };
    Ok(crate::i18n::Message::new(
        id,
        vec![
            ("file", out.into()),
            ("sheets", data.categories.len().into()),
            ("count", data.entries.len().into()),
            ("like", (&like.source).into()),
        ],
    )
    .render())
}

fn build(like: &Bulletin, out: &Path) -> Result<(), XlsxError> {
    let data = &like.data;
    let people = data.subject == Subject::People;
    let mut book = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let score = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00")
        .set_background_color("#FFF9DB");
    for (ci, cat) in data.categories.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(cat.name.as_str())?;
        let mut headers: Vec<String> = vec!["编号".into()];
        if people {
            headers.extend(["姓名", "所在单位", "职务"].map(String::from));
        } else {
            headers.push("单位名称".into());
        }
        let first_score = headers.len();
        headers.extend(
            cat.indicators
                .iter()
                .map(|i| format!("{}（{}分）", i.name, i.weight.normalize())),
        );
        headers.extend(["加分", "加分事由", "扣分", "扣分事由", "总分", "备注"].map(String::from));
        let last = (headers.len() - 1) as u16;
        sheet.merge_range(0, 0, 0, last, &format!("{}得分汇总表", cat.name), &title)?;
        sheet.set_row_height(0, 28)?;
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, h, &head)?;
            let width = if c == 1 || (people && c == 2) || h.ends_with("事由") {
                22
            } else {
                12
            };
            sheet.set_column_width(c as u16, width)?;
        }
        sheet.set_freeze_panes(2, first_score as u16)?;
        let entries = data.entries.iter().filter(|e| e.category == ci);
        for (row, e) in (2u32..).zip(entries) {
            sheet.write_string_with_format(row, 0, &e.id, &cell)?;
            sheet.write_string_with_format(row, 1, &e.name, &cell)?;
            if people {
                let unit = e.unit.map_or("", |u| data.units[u].name.as_str());
                sheet.write_string_with_format(row, 2, unit, &cell)?;
                sheet.write_string_with_format(row, 3, e.post.as_deref().unwrap_or(""), &cell)?;
            }
            for c in first_score..headers.len() {
                let f = if c < first_score + cat.indicators.len() {
                    &score
                } else {
                    &cell
                };
                sheet.write_blank(row, c as u16, f)?;
            }
        }
    }
    book.save(out)
}
