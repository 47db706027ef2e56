# `bulletin import` (src/import/).
import-like-not-bulletin = { $dir } is a draft or not a bulletin
import-like-not-bulletin-help = --like names last period's bulletin folder, e.g. content/2025/06-units
import-failed = import failed: { $count } { $count ->
    [one] error
   *[other] errors
}; nothing written
import-read-as = read { $file } as { $encoding }
import-read-as-bom = read { $file } as UTF-8 with BOM
import-into-taken = { $dir } already holds a bulletin
import-into-taken-help = import into a new folder, or pass --force to replace its scores.yaml (its index.md is kept)
import-no-header = no header row: no cell says 单位名称 or 姓名
import-no-header-help = the header row names the column of units (单位名称) or people (姓名)
import-no-sheet = { $file } has no sheet named { $sheet }
import-sheets-are = the sheets are { $sheets }
import-no-header-sheet = { $file } has no sheet with a header row
import-no-header-sheet-help = the header row names the column of units (单位名称) or people (姓名), with a column per indicator
import-people-needs-like = a people bulletin is imported with --like
import-people-needs-like-help = the units people belong to and their headcounts come from last period's bulletin: pass --like DIR
import-ids-file = { $file } is not a list of `NAME: ID` lines: { $detail }
import-ids-file-help = write one line per name, e.g. 高新技术产业园: gaoxin-park
import-ids-file-entry = { $file }: { $problem }
import-period-invalid = `{ $value }` is not a period
import-period-invalid-help = write 2025-07 (a month), 2025-Q3, 2025-H2 or 2025
import-period-unknown = the period of a first bulletin is not known
import-period-unknown-help = pass --period 2025-07 (or --like last period's bulletin)
import-unit-unknown = { $name } is not a unit of the bulletin
import-did-you-mean = did you mean { $name }?
import-unit-unknown-help = add the unit with its headcount to `units:` of { $like }/scores.yaml after the import, or correct the name
import-no-unit = { $name } has no unit
import-no-unit-help = fill in the 所在单位 column
import-cannot-write = cannot write into { $dir }: { $reason }
import-wrote-units = wrote { $dir }/scores.yaml: { $count } units in { $categories } { $categories ->
    [one] category
   *[other] categories
}
import-wrote-units-index = { import-wrote-units }, and index.md (write the narrative)
import-wrote-people = wrote { $dir }/scores.yaml: { $count } people in { $categories } { $categories ->
    [one] category
   *[other] categories
}
import-wrote-people-index = { import-wrote-people }, and index.md (write the narrative)
import-reasons-to-fill = { $count } bonus or deduction { $count ->
    [one] reason
   *[other] reasons
} read 待填写 (to fill in; check and build refuse them until then): the sheet gives points without a reason; deductions are dated { $last_day }, the last day of the period
import-rules-copied = models and grades rules are copied from --like: review nominations and tie_break for this period
import-next = next: bulletin check
import-not-a-number = `{ $value }` is not a number: { $reason }
import-not-a-number-help = type the score as digits, e.g. 85 or 85.5 (full-width digits and a trailing 分 are read)
import-no-name-column-people = no column names the people (姓名)
import-no-name-column-units = no column names the units (单位名称)
import-headers-are = the headers found are { $headers }
import-category-row-unknown = `{ $text }` looks like a category row, but names no category of the bulletin
import-categories-are = the categories are { $categories }
import-row-no-name = a row with scores has no name
import-row-no-name-help = fill in the { $column } of this row, or delete the row
import-category-unknown = `{ $text }` is not a category of the bulletin
import-category-did-you-mean = did you mean { $name }? The categories are { $categories }
import-category-untold = cannot tell the category of { $name }
import-category-untold-help = name the sheet after its category, add a 类别 column, or put a row such as 一、{ $example } above the rows of each category; the categories are { $categories }
import-indicator-column-missing = no column for the indicator { $indicator } of { $category }
import-indicator-column-close = the column { $column } is the closest; rename it { $indicator }. The headers found are { $headers }
import-indicator-column-add = add a column { $indicator }; the headers found are { $headers }
import-weight-differs = the header gives { $indicator } a weight of { $weight }, the bulletin { $expected }
import-weight-differs-help = correct the header, or change the weight of { $indicator } in scores.yaml after the import if the method changed
import-score-missing = { $name } has no score for { $indicator }
import-score-missing-help = every indicator of the category needs a score; write 0 if that is the score
import-place-invalid = `{ $value }` is not a place
import-place-invalid-help = write the place as a number (3) or as 并列3
import-column-not-indicator = the column { $column } is not an indicator of the bulletin
import-column-did-you-mean = did you mean { $name }? Rename the header, or delete the column
import-indicators-are = the indicators are { $indicators }; rename the header or delete the column
import-kind-unknown = { $file }: cannot tell what kind of spreadsheet this is
import-kind-unknown-help = import reads .xlsx, .xls, .ods and .csv files; save the sheet as one of these
import-cannot-read = cannot read { $file }: { $detail }
import-cannot-read-help = check that the file is a spreadsheet and not open elsewhere with a lock; re-save it from Excel, WPS or LibreOffice
import-cannot-read-sheet = cannot read the sheet { $sheet } of { $file }: { $detail }
import-cannot-read-sheet-help = re-save the file from Excel, WPS or LibreOffice
import-csv-invalid = { $file } is not a well-formed CSV file: { $detail }
import-csv-invalid-help = check the quotes on this line: a field with a comma or a quote is written "like ""this"", with commas"
import-id-invalid = `{ $id }` cannot be an id
import-id-invalid-help = an id is written with a–z, 0–9, `-` and `_`, e.g. gaoxin-park
import-renamed = { $name } is a new name; { $former } ({ $id }, in { $source }) is close: renamed?
import-renamed-unit-help = if it is the same unit renamed, keep its id: --id '{ $name }={ $id }'; if it is a new unit, give it a new id: --id '{ $name }=NEW-ID' (or list names in a file for --ids)
import-renamed-person-help = if it is the same person renamed, keep its id: --id '{ $name }={ $id }'; if it is a new person, give it a new id: --id '{ $name }=NEW-ID' (or list names in a file for --ids)
import-new-id = { $name } is new: given the id { $id }
import-new-name = { $name } is a new name: no earlier bulletin of the series has it
import-new-unit-help = give the new unit an id: --id '{ $name }=NEW-ID', or pass --new-ids to number every new name
import-new-person-help = give the new person an id: --id '{ $name }=NEW-ID', or pass --new-ids to number every new name
import-id-shared = { $first } and { $second } would both get the id { $id }
import-id-shared-help = a sheet lists each unit or person once; give one of them its own id with --id 'NAME=ID'
import-id-flag-shape = `{ $text }` is not NAME=ID
import-id-flag-invalid = `{ $id }` cannot be an id: write a–z, 0–9, `-` and `_`
import-total-differs = { $name }: the sheet says { $sheet }, computed { $computed } = { $working }
import-total-trusted-help = --trust-sheet-totals: the sheet's total is published as `total:`
import-total-differs-help = correct the cell (or the scores it is made of); to publish the sheet's totals as they are, pass --trust-sheet-totals
import-place-differs = { $name }: the sheet says place { $sheet }, computed { $computed } in { $category } (total { $total })
import-place-differs-help = places are computed from the published totals within the category; equal totals share a place and the next is skipped (1, 2, 2, 4). Correct the cell or delete the 排名 column
import-template-cannot-write = cannot write { $file }: { $detail }
import-template-cannot-write-help = check that the folder exists and the file is not open in Excel or WPS
import-template-wrote-units = wrote { $file }: { $sheets } { $sheets ->
    [one] sheet
   *[other] sheets
}, { $count } units of { $like }; fill in the scores and import it with --like { $like }
import-template-wrote-people = wrote { $file }: { $sheets } { $sheets ->
    [one] sheet
   *[other] sheets
}, { $count } people of { $like }; fill in the scores and import it with --like { $like }

# Issue 27: every problem in one run, typos, what is left to fill in.
import-name-typo = { $name } is not a name of { $source }, where { $former } ({ $id }) differs from it by { $count ->
    [1] one character
   *[other] two characters
}: a typo?
import-name-typo-help =
    1. { $cell }: “{ $name }” differs from last period's “{ $former }” by { $count ->
        [1] one character
       *[other] two characters
    }; if it is a typo, correct the sheet and import again
    2. if { $former } was renamed { $name }, keep its id: --id '{ $name }={ $id }'
    3. if { $name } is a new unit, give it a new id: --id '{ $name }=NEW-ID'
import-rename-near = { $name } keeps the id { $id } of { $former }, a character or two away: the pages will show it as renamed (原名{ $former })
import-rename-near-help = if “{ $name }” is a typo, correct { $cell } instead of passing --id
import-published-to-fill = index.md: `published` reads 待填写 (to fill in): write the date of issue before publishing, or pass --published YYYY-MM-DD
