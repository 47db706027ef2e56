# bulletin serve（src/serve/）：终端输出与浏览器中的错误浮层。
serve-no-content = { $root } 中没有 content/ 文件夹
serve-no-content-help = 请在站点文件夹中运行 `bulletin serve`，或用 --root 指定
serve-port-taken = 端口 { $port } 已被占用，改用 { $instead }
serve-ports-taken = { $interface } 上的端口 { $first } 到 { $last } 都已被占用
serve-cannot-listen = 无法在 { $addr } 上监听：{ $reason }
serve-open-interface = 正在 { $interface } 上监听：能访问本机的任何人都能看到站点
serve-serving = 预览地址 { $url }（监视 content/ 和 templates/ 的修改；按 Ctrl-C 停止）
serve-no-browser = 无法打开浏览器
serve-no-browser-help = 请自行打开 { $url }
serve-cannot-start = 无法启动服务：{ $reason }
serve-stopped = 已停止
serve-watch-failed = 无法监视文件的修改
serve-watch-path = 无法监视 { $path } 的修改
serve-file-changed-help = 生成期间文件被修改或删除了：请再保存一次
serve-built = 已生成{ $bulletins }期通报（{ $files }个文件），用时{ $ms }毫秒
serve-rebuilt = 已重新生成{ $bulletins }期通报（{ $files }个文件），用时{ $ms }毫秒
serve-build-failed = 生成失败（{ $count }个错误）：仍在提供上一次成功生成的站点，错误已显示在浏览器中
serve-building = 正在生成站点
serve-changed-one = { $file } 已修改：正在重新生成
serve-changed-many = { $file } 及另外{ $more }个文件已修改：正在重新生成
serve-overlay-title = bulletin serve：最近一次修改无法生成，本页是上一次成功生成的站点

## Issue 25: what serve refuses before any page (src/serve/guard.rs)
serve-refused-host = bulletin serve 只响应本机地址：http://127.0.0.1:{ $port }/、http://localhost:{ $port }/、http://[::1]:{ $port }/（或 --interface 指定的地址）
serve-refused-method = bulletin serve 只用于查看页面：只响应 GET 和 HEAD 请求

## Issue 29: files of the served site read from the page cache (src/serve/stored.rs)
serve-store-help = 页面缓存（.bulletin-cache/）中的这个文件不见了：刷新页面即可重新生成，或重新启动 `bulletin serve`
serve-store-vanished = { $file } 已不在页面缓存中：正在重新生成
