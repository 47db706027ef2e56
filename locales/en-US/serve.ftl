# `bulletin serve` (src/serve/): the terminal and the browser overlay.
serve-no-content = { $root } has no content/ folder
serve-no-content-help = run `bulletin serve` in a site folder, or name it with --root
serve-port-taken = port { $port } is in use; using { $instead } instead
serve-ports-taken = ports { $first } to { $last } on { $interface } are all in use
serve-cannot-listen = cannot listen on { $addr }: { $reason }
serve-open-interface = listening on { $interface } — anyone who can reach this machine can read the site
serve-serving = serving { $url } (watching content/ and templates/; Ctrl-C to stop)
serve-no-browser = cannot open a browser: { $detail }
serve-no-browser-help = open { $url } yourself
serve-cannot-start = cannot start the server: { $reason }
serve-stopped = stopped
serve-watch-failed = cannot watch files: { $detail }
serve-watch-path = cannot watch { $path }: { $detail }
serve-file-changed-help = the file changed or went away during the build; save it again
serve-built = built { $bulletins } { $bulletins ->
        [one] bulletin
       *[other] bulletins
    } ({ $files } { $files ->
        [one] file
       *[other] files
    }) in { $ms } ms
serve-rebuilt = rebuilt { $bulletins } { $bulletins ->
        [one] bulletin
       *[other] bulletins
    } ({ $files } { $files ->
        [one] file
       *[other] files
    }) in { $ms } ms
serve-build-failed = build failed ({ $count } { $count ->
    [one] error
   *[other] errors
}): still serving the last good site; the error is shown in the browser
serve-building = building the site
serve-changed-one = { $file } changed: rebuilding
serve-changed-many = { $file } and { $more } more changed: rebuilding
serve-overlay-title = bulletin serve: the last edit does not build; this page is the last good site

## Issue 25: what serve refuses before any page (src/serve/guard.rs)
serve-refused-host = bulletin serve answers only at its own address: http://127.0.0.1:{ $port }/, http://localhost:{ $port }/, http://[::1]:{ $port }/ (or the address given with --interface)
serve-refused-method = bulletin serve only shows pages: it answers GET and HEAD, nothing else

## Issue 29: files of the served site read from the page cache (src/serve/stored.rs)
serve-store-help = the page cache (.bulletin-cache/) lost this file; reload the page to have it made again, or restart `bulletin serve`
serve-store-vanished = { $file } is gone from the page cache: making it again
