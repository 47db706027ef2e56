# 诊断信息的格式（src/diag.rs）与 build、check 的结果行。
diag-error = 错误：{ $message }
diag-warning = 警告：{ $message }
diag-note = 注意：{ $message }
diag-help = 提示：{ $hint }
check-passed = 检查通过
check-failed = 检查未通过：{ $count }个错误
build-done = 已生成{ $bulletins }期通报、{ $pages }个页面（{ $files }个文件），输出到 { $output }，用时{ $ms }毫秒
build-stopped = 生成已中止：{ $output } 保持原样
strict-hint = { $hint }（使用 --strict 时视为错误）
strict-no-hint = 使用 --strict 时视为错误
# 文件操作失败的原因（src/i18n.rs 的 io_reason）。
io-not-found = 文件或文件夹不存在
io-permission-denied = 没有权限
io-already-exists = 已经存在
io-is-a-directory = 这是一个文件夹
io-not-a-directory = 路径中有一部分不是文件夹
io-storage-full = 磁盘已满
io-read-only = 磁盘只读
io-invalid-data = 数据无效
io-addr-in-use = 地址已被占用
io-addr-not-available = 本机没有这个地址
io-other = 系统错误（{ $detail }）
io-reason = { $os_kind }
