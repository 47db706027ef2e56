//! The `bulletin` binary: parse the command line, run, exit with the code `run` chose.

/// A build makes and frees hundreds of thousands of small strings and rows; glibc's
/// allocator spent about a sixth of `serve`'s rebuild in `malloc` and `free` alone
/// (BENCHMARKS.md). mimalloc keeps per-thread free lists. Not on Windows, whose heap
/// allocator does not have glibc's trouble and where mimalloc would need a C compiler.
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(bulletin::cli::run(std::env::args_os()));
}
