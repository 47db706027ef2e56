# How a diagnostic is printed (src/diag.rs) and the summary lines of build and check.
diag-error = error: { $message }
diag-warning = warning: { $message }
diag-note = note: { $message }
diag-help = help: { $hint }
check-passed = check passed
check-failed = check failed: { $count ->
    [one] { $count } error
   *[other] { $count } errors
}
build-done = built { $bulletins } { $bulletins ->
        [one] bulletin
       *[other] bulletins
    }, { $pages } { $pages ->
        [one] page
       *[other] pages
    } ({ $files } { $files ->
        [one] file
       *[other] files
    }) into { $output } in { $ms } ms
build-stopped = build stopped: { $output } left unchanged
strict-hint = { $hint } (an error under --strict)
strict-no-hint = an error under --strict
# Why a file operation failed (src/i18n.rs, io_reason).
io-not-found = no such file or folder
io-permission-denied = permission denied
io-already-exists = it already exists
io-is-a-directory = it is a folder
io-not-a-directory = a part of the path is not a folder
io-storage-full = the disk is full
io-read-only = the disk is read-only
io-invalid-data = the data is not valid
io-addr-in-use = the address is in use
io-addr-not-available = the address is not available on this computer
io-other = { $detail }
io-reason = { $detail }
