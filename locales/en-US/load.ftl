# The checks of content/ (src/load/).

## YAML (src/load/yaml.rs): what part of a file a key is in
yaml-front-matter = the front matter
yaml-place-category = a category
yaml-place-indicator = an indicator
yaml-place-entry = an entry
yaml-place-deduction = a deduction
yaml-place-bonus = a bonus
yaml-place-contact = a contact
yaml-place-tier = a tier
yaml-place-unit = a unit
yaml-place-top-grade = the top grade
yaml-place-story = an announcement's front matter
yaml-earlier-version = the earlier version
yaml-place-key = `{ $key }`
yaml-place-in = { $name } in { $what }
yaml-private-key = `{ $field }` looks like { $kind }, which must never be published
yaml-unknown-field = unknown field `{ $field }` in { $place }
yaml-fields-are = the fields of { $place } are: { $fields }
yaml-missing-field = { $place } has no `{ $field }`
yaml-missing-field-help = add `{ $field }:` (see docs/FORMAT.md)
yaml-duplicate-key = the key `{ $key }` appears twice
yaml-duplicate-key-help = keep one of them: a later key never silently replaces an earlier one
yaml-boolean = a yes/no field must be `true` or `false`
yaml-boolean-help = write `true` or `false`; `yes`, `no`, `on` and `off` are not read as booleans
yaml-tab = a tab is used for indentation
yaml-tab-help = indent YAML with spaces
yaml-null = a value is missing in { $what }
yaml-null-help = write the value after the colon, or remove the key
yaml-expected-list = a list is expected here in { $what }
yaml-expected-list-help = write a list with one `- ` item per line, or `[a, b]`
yaml-expected-mapping = a mapping is expected here in { $what }
yaml-expected-mapping-help = write `key: value` lines, or `{"{"} key: value {"}"}`
yaml-empty = { $what } is empty or ends too early
yaml-empty-help = see docs/FORMAT.md for what the file holds
yaml-wrong-type = wrong kind of value in { $what }: { $detail }
yaml-wrong-type-help = see docs/FORMAT.md for the shape of each field
yaml-unclosed = a bracket is not closed in { $what }: { $detail }
yaml-unclosed-help = close every `{"{"}` with `{"}"}` and every `[` with `]`, on this line or an earlier one
yaml-invalid = invalid YAML in { $what }: { $detail }
yaml-invalid-help = check the indentation and the brackets around this line
yaml-parser-says = { $detail }

## Private details (src/privacy.rs)
private-id-number = an ID number
private-phone = a personal phone number
private-mobile = a mobile number
private-bank = a bank card or account number
private-image-metadata = image metadata
private-address = a home address
private-birth-date = a birth date
private-deferral = a reason for deferral
private-negative-list = a negative list
private-health = health or leave information
private-discipline = disciplinary status
privacy-private-help = remove it from the data: ID numbers, personal phones, home addresses, birth dates, reasons for deferral, health, discipline and negative lists never go on a public page

## Values (src/load/ctx.rs, src/number.rs, src/model.rs)
text-control = the text holds the control character { $code }
text-control-help = remove the escape (such as \0 or \e) from the quoted text: control characters make the feed ill-formed and cannot be printed
text-personal = the { $what } `{ $value }` looks like it holds { $kind }
text-personal-help = birth dates and home addresses never go on a public page: remove them; if it is something else (a date of an award, an office address), write it without the day or the house number
not-a-number = { $what } `{ $value }` is not a number: { $reason }
not-a-number-help = write a plain decimal such as 88.5 (full-width digits and a trailing 分 are read too)
number-empty = it is empty
number-separator = it has a thousands separator or a comma
number-not-digits = it has characters that are not digits
number-not-plain = it is not a plain decimal number
number-too-many-digits = it has more than 9 digits before the point or 8 after it
number-too-large = it is too large or has too many decimal places
date-no-such-day = { $what } `{ $value }` is not a day of the calendar
date-no-such-day-help = check the month (01–12) and the day: that month has no such day
date-invalid = { $what } `{ $value }` is not a date
date-invalid-help = write a date as YYYY-MM-DD, e.g. 2025-04-03
ident-help = ids appear in web addresses; write the name in `name` and a short latin id here, e.g. `czj` for 区财政局
slug-help = it appears in web addresses and file names: use lowercase latin letters, digits and hyphens, e.g. `units-monthly`
url-word = { $what } `{ $value }` may hold only a–z, 0–9, `-` and `_`
windows-device = { $what } `{ $value }` is a device name on Windows
windows-device-help = Windows cannot make a file or folder named `{ $value }`, so the site could not be built or copied there: write e.g. `{ $value }-1`
share-invalid = `{ $value }` is not a share
share-needs-percent = a share needs a % sign: write { $percent }%
share-as-percent = write it as a percentage, { $percent }%, or as a fraction such as 1/3
share-how = write a percentage from 0% to 100% (30%, 12.5%) or a fraction such as 1/3
rounding-unknown = unknown rounding `{ $value }`
rounding-did-you-mean = did you mean `{ $word }`? (floor | half_up | ceil)
rounding-help = write floor (去尾, as for 不超过), half_up (四舍五入) or ceil (进一)
text-empty = { $what } is empty
text-empty-help = write the { $what }
front-matter-missing = { $file } has no front matter
front-matter-missing-help = start the file with a YAML block between two `---` lines: title, period, series and published
front-matter-not-closed = the front matter of { $file } is not closed
front-matter-not-closed-help = end the front matter with a line holding only `---`

## site.yaml, front matter, folders (src/load/validate.rs, src/load/mod.rs, src/settings.rs)
what-site-title = site title
what-issuer = issuer
what-name = name
what-entry-id = entry id
what-category-id = category id
what-indicator-id = indicator id
what-unit-id = unit id
what-category-name = category name
what-indicator-name = indicator name
what-tier-name = tier name
what-unit-name = unit name
what-grade-name = grade name
what-score = score
what-weight = weight
what-bonus-points = bonus points
what-deduction-points = deduction points
what-deduction-date = deduction date
what-reason = reason
what-title = title
base-url-field = base_url { $what }
base-url-flag = { $what }: { $fix }
base-url-not-absolute = `{ $value }` is not an absolute web address
base-url-not-absolute-help = write it with the scheme, e.g. https://kaohe.example.org/
base-url-invalid = `{ $value }` is not a web address
base-url-invalid-help = it needs a host name such as kaohe.example.org, and no spaces or quotes
audience-unknown = unknown audience `{ $value }`
audience-unknown-help = write internet, intranet or notice_board
paper-unknown = paper `{ $value }` is not supported
paper-unknown-help = write A4 (the default) or A3
period-invalid = period `{ $value }` is not a period
period-invalid-help = write 2025-03 (a month), 2025-Q1 (a quarter), 2025-H1 (a half-year) or 2025 (a year)
notice-reversed = the notice period ends ({ $to }) before it starts ({ $from })
notice-reversed-help = `notice.to` is the last day of the 公示期 and comes on or after `notice.from`
attachment-missing = the attachment `{ $file }` is not in the bulletin's folder
attachment-missing-help = put the file in the bulletin's folder, beside index.md
attachment-never = `{ $file }` is { $kind }, and those are never published
attachment-never-help = spreadsheets, sources, backups and hidden files may hold what the page leaves out: export what readers need as a PDF and attach that
file-kind-page-source = a source of the page
file-kind-hidden = a hidden file
file-kind-backup = an editor backup
file-kind-source = a source or data file
file-kind-spreadsheet = a spreadsheet
left-out = { $file } is left out of the site
left-out-never = { $file } is left out of the site: it is { $kind }, and those are never published
left-out-other-help = only web images and PDF beside a page are published; name the file in `attachments:` in the front matter to publish it
left-out-never-help = move it out of content/ if it is not needed there
left-out-story-help = only web images beside an announcement are published, as its photo
subject-unknown = unknown subject `{ $value }`
subject-unknown-help = write `subject: units` or `subject: people`
scale-not-positive = scale `{ $value }` must be above 0
scale-not-positive-help = 100 is usual
decimals-invalid = decimals `{ $value }` must be a whole number from 0 to 4
decimals-invalid-help = 2 is usual: totals are shown as 85.46
grade-not-below = `{ $value }` is not one of the grades in `grades.below`
grade-not-below-help = the data may give only the grades below passing ({ $grades }); the top grade is computed from the quota
no-content = no `content/` folder in { $root }
no-content-help = run `bulletin build` in a site folder, pass `--root DIR`, or create one with `bulletin new DIR`
bulletin-path-twice = two bulletins are published at `/{ $path }/`: { $first } and { $second }
bulletin-path-twice-help = give one of them another `slug` in its front matter
bulletin-period-twice = { $first } and { $second } are both the bulletin of series `{ $series }` for { $period }
bulletin-period-twice-help = a series has one bulletin a period: correct the `period` of one of them, give it another `series`, or, for a corrected version, replace the old one
story-slug-twice = two announcements would be published at `/models/{ $slug }/`: in { $first } and { $second }
story-slug-twice-help = rename one of the models/*.md files, e.g. with the period: wang-jun-2025h1.md
content-unreadable = cannot read the content folder: { $reason }
scores-yml = a data file is named `scores.yml`
scores-yml-help = rename it to `scores.yaml`
bulletin-half = { $folder }/ holds { $has } but not { $missing }
bulletin-half-help = a bulletin folder holds both index.md (front matter and narrative) and scores.yaml; add { $missing } or move { $has } out
bulletin-reserved = the bulletin { $folder } would be published under `/{ $first }/`, which the site uses itself
bulletin-reserved-help = move the folder, or set another `slug`
story-name-invalid = `{ $slug }.md` cannot name an announcement page
story-name-invalid-help = name it with lowercase latin letters, digits and hyphens, e.g. wang-jun.md; it becomes /models/wang-jun/
cannot-read = cannot read { $file }: { $reason }
cannot-read-help = check that the file exists and can be read
not-utf8 = { $file } is not UTF-8; it looks like { $encoding }
not-utf8-help = save it as UTF-8 in your editor, or convert it: iconv -f { $iconv } -t UTF-8 { $file } > converted && mv converted { $file }

## Categories and indicators (src/load/categories.rs)
weights-sum = the weights of category `{ $category }` add up to { $sum }, not { $scale }
weights-sum-help = change the weights so that they add up to exactly { $scale }

## Entries (src/load/entries.rs)
entry-id-twice = the id `{ $id }` is used by two entries
entry-id-twice-help = each entry needs its own id; it is what links a unit across periods
categories-are = the categories of this file are: { $ids }
category-undefined = category `{ $category }` is not defined
bonus-without-cap = category `{ $category }` has no `bonus_cap`, so { $name } (`{ $id }`) cannot have bonus points
bonus-without-cap-help = add `bonus_cap:` to the category with the most bonus points an entry may add, or remove the bonus
bonus-over-cap = the bonus points of { $name } (`{ $id }`) add up to { $sum }, over the cap of { $cap } for category `{ $category }`
bonus-over-cap-help = lower the bonus to at most { $cap } in all, or raise `bonus_cap`
status-unknown = unknown status `{ $value }`
status-unknown-help = write `status: deferred` for 缓评, or leave `status` out
points-not-positive = { $what } `{ $value }` must be more than 0
points-not-positive-help = write the points as a positive number
scores-and-total = { $name } (`{ $id }`) has both `scores` and `total`
scores-and-total-help = keep `scores` (the total is computed) or `total` (only the total is published), not both
total-out-of-range = total `{ $value }` is outside 0 to { $scale }
total-out-of-range-help = `total` replaces the weighted indicator scores and runs from 0 to `scale`; bonus and deductions are added to it
neither-scores-nor-total = { $name } (`{ $id }`) has neither `scores` nor `total`
neither-scores-nor-total-help = add `scores: {"{"} … {"}"}` with one score per indicator, or `total:`
score-out-of-range = score `{ $value }` for `{ $indicator }` is out of range
score-out-of-range-help = indicator scores run from 0 to 100; the weight scales them
score-missing = { $name } (`{ $id }`) has no score for { $indicators }
score-missing-help = category `{ $category }` scores every entry on: { $indicators }
entry-weights-sum = with its own weights, { $name } (`{ $id }`) weighs { $sum } in all, not { $scale }
entry-weights-sum-help = adjust the overridden weights so that, with the category's other weights, they add up to { $scale }
indicators-are = the indicators of `{ $category }` are: { $ids }
indicator-unknown = `{ $indicator }` is not an indicator of category `{ $category }`
categories-empty = `categories` is empty
categories-empty-help = define at least one category with its indicators
category-id-twice = the category id `{ $id }` is defined twice
category-id-twice-help = give each category its own id
weight-negative = weight `{ $value }` is negative
weight-negative-help = weights are 0 or more
indicator-id-twice = the indicator id `{ $indicator }` appears twice in `{ $category }`
indicator-id-twice-help = give each indicator of a category its own id
category-no-indicators = category `{ $category }` has no indicators
category-no-indicators-help = list its indicators with their weights
bonus-cap-negative = `bonus_cap` `{ $value }` is negative
bonus-cap-negative-help = write the most bonus points an entry may add: 0 or more
tiers-over-100 = the top and bottom shares add up to more than 100%
tiers-over-100-help = lower one of them: a place cannot be in both tiers

## People bulletins (src/load/people.rs, src/load/series.rs)
units-missing = a people bulletin needs `units:` with each unit's headcount
units-missing-help = add `units: [{"{"} id: fgw, name: 区发展和改革委员会, headcount: 40 {"}"}, …]`
units-in-unit-bulletin = `units:` belongs in people bulletins
units-in-unit-bulletin-help = a unit bulletin lists its units as entries; remove `units:` or write `subject: people`
unit-twice = the unit `{ $id }` is listed twice
unit-twice-help = list each unit once
headcount-invalid = headcount `{ $value }` is not a whole number above 0
headcount-invalid-help = write the unit's total number of staff (单位总人数), e.g. 40
person-field-in-unit-bulletin = `{ $field }` belongs to people bulletins
person-field-in-unit-bulletin-help = in a unit bulletin each entry is a unit; remove the field, or write `subject: people`
person-no-unit = `{ $id }` has no `unit`
person-no-unit-help = add `unit:` with the id of the person's unit from `units:`
unit-unknown = unit `{ $id }` is not in `units:`
unit-unknown-help = add the unit to `units:` with its headcount
person-no-post = `{ $id }` has no `post`
person-no-post-help = add `post:` (职务), e.g. 科员; it tells apart people with the same name
entry-unknown = no entry has the id `{ $id }`
entry-unknown-help = use the `id` of an entry of this bulletin
people-only = `{ $what }` belongs in people bulletins
people-only-help = write `subject: people`, or remove it
nominated-twice = `{ $id }` is nominated twice
nominated-twice-help = nominate each person once
places-invalid = `{ $value }` is not a whole number of places
places-invalid-help = write +1, -1 or 0
stories-in-unit-bulletin = exemplar announcements belong to people bulletins
stories-in-unit-bulletin-help = move models/ to a bulletin with `subject: people`
photo-missing = the photo `{ $file }` is not in models/
photo-missing-help = put the image file next to this announcement, or remove `photo`
series-unnamed = series `{ $id }` has no display name; the site has { $count } series, and readers tell them apart by name
series-unnamed-help = name it in content/site.yaml as readers should see it: `series: {"{"} { $id }: <名称, e.g. 部门季度考核> {"}"}`

## Files (src/load/files.rs)
link-outside = { $file } is a link to { $target }, outside content/
link-outside-help = a link out of content/ could publish any file of this computer: copy the file into the bulletin's folder instead, or remove the link
link-broken = { $file } is a link that leads nowhere: { $reason }
link-broken-help = remove the link, or put the file it meant in its place
file-too-large = { $file } is { $size } MiB, over the limit of { $limit } MiB for a content file
file-too-large-help = a narrative or a year's scores is far smaller: check that the right file was saved here, or split the bulletin
masked = { $kind } in the text was masked
masked-help = every page and data file shows it masked; remove it from the source if it should not be there at all
control-nul = a NUL character
control-cr = a carriage return (U+000D) without a line feed
control-escape = an escape character (U+001B)
control-other = the control character { $code }
file-holds-control = { $file } holds { $what }
file-holds-control-help = it was probably pasted from another program with the text: delete it and type the text again

## Exemplars and grades (src/rank/people.rs)
story-not-exemplar = an announcement for `{ $id }` ({ $name }), who is neither in the top share of { $class } nor nominated
story-not-exemplar-help = only exemplars get an announcement page; check `person`, or remove the file
nominee-in-top = `{ $id }` ({ $name }) is nominated but is already an exemplar by rank
nominee-in-top-help = nominations are for people outside the top share; remove this one
nominee-deferred = `{ $id }` ({ $name }) is nominated but deferred (缓评)
nominee-deferred-help = a deferred person cannot be an exemplar this period
nominations-over-cap = unit `{ $unit }` ({ $name }, headcount { $headcount }) may nominate at most { $allowed } under a cap of { $cap } of its headcount, but nominates { $count }
nominations-over-cap-help = { $headcount } × { $cap } = { $product }, rounded down to { $allowed }; remove { $excess } { $excess ->
    [one] nomination
   *[other] nominations
}
grade-quota-tie = unit `{ $unit }` ({ $name }) has { $quota } { $quota ->
    [one] place
   *[other] places
} of { $grade }, but { $tied } people are tied at its line: { $names }
grade-quota-tie-help = the tool never cuts a tie by input order: list the tied ids in order under `grades.tie_break`
bulletin-windows-device = the bulletin { $bulletin } would be published under `/{ $path }/`, and `{ $part }` is a device name on Windows
bulletin-windows-device-help = Windows cannot make a folder of that name, so the site could not be built or copied there: rename the folder, or set another `slug`

## The 公文 fields (src/load/document.rs, src/document.rs)
what-document-number = document number
document-number-form = the document number `{ $number }` is not in the GB/T 9704 form: { $reason }
document-number-fixed-help = write `{ $fixed }` (机关代字〔年份〕序号号)
document-number-help = write it as 机关代字〔年份〕序号号, e.g. 望川考办〔2025〕9号
document-number-brackets = the year is in `{ $brackets }`; a document number writes it in 六角括号 〔〕
document-number-no-year = it has no year in 六角括号 〔〕
document-number-reversed = its brackets are the wrong way round
document-number-no-code = it has no 机关代字 before the year
document-number-year = `{ $year }` in the brackets is not a year of four digits
document-number-no-hao = it does not end in 号
document-number-serial = `{ $digits }` before 号 is not a serial number in digits
document-number-di = the serial number `{ $digits }` has 第 before it; GB/T 9704 writes it bare (1号, never 01号 or 第1号)
document-number-zeros = the serial number `{ $digits }` has leading zeros; GB/T 9704 writes it bare (1号, never 01号 or 第1号)
document-header-without-red = `document.header` is set but `document.red_header` is not
document-header-without-red-help = add `red_header: true` to print the red header, or remove `header`

## Corrections (src/load/revisions.rs)
what-correction-reason = reason of the correction
correction-before-published = the correction of { $corrected } comes before the version it corrects: the bulletin was published on { $before }
correction-before-earlier = the correction of { $corrected } comes before the version it corrects: the correction before it is of { $before }
correction-order-help = list `revisions:` oldest first, each with the day its correction was published, on or after `published`
correction-restart-missing = the correction that replaced `{ $file }` does not say whether the notice period restarts
correction-restart-missing-help = add `restarts_notice: true` if the 公示期 starts again with the correction (then `notice.from` is its day or later), or `restarts_notice: false` if it runs on
correction-restart-without-notice = `restarts_notice` is set, but the bulletin has no notice period
correction-restart-without-notice-help = remove `restarts_notice`, or add the `notice:` period of the 公示
correction-restart-before-notice = the notice period restarts with the correction of { $corrected }, but `notice.from` is { $from }
correction-restart-before-notice-help = when the 公示期 starts again, write its new days in `notice:` (from the day of the correction on), or set `restarts_notice: false`
revision-twice = `{ $file }` is listed twice under `revisions:`
revision-twice-help = each earlier version is kept in a file of its own: name every version once
revision-not-inside = `{ $file }` is not a path inside the bulletin's folder
revision-not-inside-help = write the path from the bulletin's folder with `/`, e.g. { $example }
revision-not-a-version = `{ $file }` cannot be an earlier version
revision-not-a-version-help = an earlier version is a copy of the scores.yaml that was published, kept under another name ending in .yaml, e.g. { $example }
revision-missing = the earlier version `{ $file }` is not in the bulletin's folder
revision-missing-help = keep the version that was published before the correction in the bulletin's folder, e.g. as { $example }

## Issue 25: personal numbers split by markup, and the output gate (src/privacy/, src/gate.rs)
masked-refused = { $kind } is split by markup that masking would cut through (emphasis, a link or a code span that starts or ends inside it)
masked-refused-help = write the number without marks inside it, or remove it: then it can be masked where it stands
gate-found = { $file } would publish { $kind } ({ $masked }): nothing was written
gate-found-help = masking at input missed it, so the last check of the output caught it: find it in content/ or in a template override (templates/) and remove it
gate-found-traced-help = it comes from here: remove it (if a template prints it, change the template); masking at input missed this form, so the last check of the output caught it

## Issue 25, found as an attacker would: a document number holding `<` or `>`
## (src/document.rs), a folder linked from outside content/ (src/load/walk.rs, files.rs)
document-number-angle = it holds `{ $sign }`, which has no place in a document number (a tag or markup pasted with it?)
link-outside-folder-help = a folder linked from outside content/ is not read, and its bulletins would not be published: move the folder into content/, or remove the link

# Issue 27: the slips of a Chinese keyboard, placeholders, dead links.
yaml-slip-wide-colon = the colon after `{ $key }` is a full-width `：`; YAML reads only the half-width `:`
yaml-slip-no-space = no space after the colon of `{ $key }`: YAML reads `{ $written }` as one word, not as a key and its value
yaml-slip-fix = write `{ $fixed }`: a half-width colon and a space after it
yaml-slip-wide-space = a full-width space is used for indentation
yaml-slip-wide-space-help = indent with half-width spaces: a full-width space looks the same, but YAML does not read it as indentation
yaml-slip-wide-char = a full-width `{ $char }` where YAML needs the half-width `{ $ascii }`
yaml-slip-wide-char-help = type `{ $ascii }` with the input method in English (half-width) mode
yaml-slip-wide-quote = full-width quotes “ ” do not quote a value in YAML, so the commas or colons inside them split it
yaml-slip-wide-quote-help = quote the value with half-width quotes `"…"`, or leave the quotes out
yaml-slip-no-colon = the line `{ $line }` has no colon after `{ $key }`
placeholder = `{ $value }` is a placeholder left by the import, to fill in
placeholder-help = fill this in before publishing
link-dead-page = the link `{ $link }` leads to no page of the site
link-dead-file = the link `{ $link }` leads to no file of the site
link-dead-folder = the link `{ $link }` leads to a folder of the site with no page in it
link-dead-help = the nearest that exists is `{ $nearest }`: link to it, or remove the link
link-dead-none-help = link to a page or a file of the site, or remove the link

## issue 26: the notice as people see it and sign it
notice-without-contact = the notice names no contact for objections, and site.yaml names none either: a 公示 says how to object
notice-without-contact-help = add `contact: {"{"} phone: …, address: …, email: … {"}"}` under `notice:`, or a `contact:` in content/site.yaml for every notice

# issue 25: published images and PDFs without their metadata; file names without personal numbers
media-stripped = { $file } is published without its metadata: { $what }
media-stripped-help = the picture or the pages are unchanged; metadata can hold where a photo was taken, the camera's serial number, a document's author, and the owner's name and phone
media-list = { $first }, { $rest }
media-part-exif = EXIF
media-part-exif-but-orientation = EXIF (but its orientation, so that it shows upright)
media-part-xmp = XMP
media-part-iptc = IPTC
media-part-comment = a comment
media-part-text = text chunks
media-part-time = the time it was last changed
media-part-thumbnail = a thumbnail
media-part-app-data = other programs' data
media-part-trailer = data after the end of the picture
media-part-info = the document properties (title, author, …)
media-part-old-versions = objects of earlier versions
media-unknown = { $file } is named as a picture or PDF, but its bytes are not JPEG, PNG, GIF, WebP or PDF; it is published as it is
media-unknown-help = export it again as JPEG, PNG or PDF: readers would see a broken file
media-unsupported = { $file } is a picture in { $format } format: its metadata (EXIF, XMP: where the photo was taken, the camera, its owner) cannot be removed, so it is not published
media-unsupported-help = export it as JPEG or PNG (on an iPhone: Settings → Camera → Formats → Most Compatible) and use that file instead
media-broken = { $file } begins as a { $format } file but cannot be read as one (damaged or cut short), so its metadata cannot be removed
media-broken-help = export or save it again, and check that it opens
media-encrypted = { $file } is an encrypted PDF with document properties or XMP metadata: they cannot be removed without its password
media-encrypted-help = save it again without a password or restrictions, or print it to a new PDF
media-hidden = { $file } is not JPEG, PNG, GIF, WebP or PDF, yet it holds { $what }
media-changed = { $file } changed while the site was being built
media-changed-help = build again
file-name-personal = the name of { $file } holds { $kind }: a published file keeps its name in the site's addresses
file-name-personal-help = rename the file so that its name holds no such number, and change the name wherever the bulletin names it (`attachments:`, `photo:`, links in the text)

# review of issue 26: a 附件 line that names no published file
document-annex-no-file = the 附件 line `{ $line }` names no file that the bulletin publishes: readers of the notice look for an attachment that is not there
document-annex-no-file-help = put the file beside index.md and name it in `attachments:` (its name as the line says it), or remove the line; a table in the body is no attachment
