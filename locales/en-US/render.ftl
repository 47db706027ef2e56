# Building and writing the site (src/site.rs, src/write.rs, src/render/).
held-draft = a draft (draft: true)
held-future = to be published on { $date } ({ $year }年{ $month }月{ $day }日)
held-back = /{ $path }/ is held back: { $why }
held-back-help = it is checked but not published; `--future` publishes future bulletins, removing `draft: true` publishes a draft
cannot-write = cannot write { $file }: { $reason }
cannot-write-help = the previous site is left as it was; check the disk and the folder's permissions
charts-png = charts cannot be drawn as PNG: { $detail }
charts-png-help = the WeChat article needs PNG charts with Chinese labels
template-error = template error: { $detail }
template-error-help = fix the template in templates/, or delete it to use the built-in one
wechat-not-clean = the WeChat article { $path } (part { $part }) would not paste cleanly: { $problems }
wechat-not-clean-narrative-help = the narrative's markdown here makes it: keep its tables to 5 columns and write links as plain text
wechat-not-clean-help = shorten the narrative, keep its tables to 5 columns, and write links as plain text; or change templates/wechat-fragment.html
chart-png = cannot draw the chart of { $category } in { $path } as PNG: { $detail }
chart-png-help = the WeChat article needs its charts as PNG images
