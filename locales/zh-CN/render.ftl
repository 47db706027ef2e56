# 生成与写入站点（src/site.rs、src/write.rs、src/render/）。
held-draft = 草稿（draft: true）
held-future = 将于{ $year }年{ $month }月{ $day }日（{ $date }）发布
held-back = /{ $path }/ 暂不发布：{ $why }
held-back-help = 已检查但不发布；`--future` 可发布未到日期的通报，去掉 `draft: true` 可发布草稿
cannot-write = 无法写入 { $file }：{ $reason }
cannot-write-help = 原有站点保持不变；请检查磁盘空间和文件夹权限
charts-png = 无法把图表绘制为 PNG（{ $detail }）
charts-png-help = 微信公众号文章需要带中文标注的 PNG 图表
template-error = 模板有误（{ $detail }）
template-error-help = 请修改 templates/ 中的模板，或删去它以使用内置模板
wechat-not-clean = 微信公众号文章 { $path }（第{ $part }部分）粘贴后会走样：{ $problems }
wechat-not-clean-narrative-help = 是这里正文的 markdown 造成的：表格不超过5列，链接写成纯文本
wechat-not-clean-help = 请缩短正文，表格不超过5列，链接写成纯文本；或修改 templates/wechat-fragment.html
chart-png = 无法把 { $path } 中“{ $category }”的图表绘制为 PNG（{ $detail }）
chart-png-help = 微信公众号文章需要 PNG 格式的图表
