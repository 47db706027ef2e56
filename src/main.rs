//! The `bulletin` binary: parse the command line, run, exit with the code `run` chose.

fn main() {
    std::process::exit(bulletin::cli::run(std::env::args_os()));
}
