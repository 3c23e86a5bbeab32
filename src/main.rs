use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system allocator: reading thousands of workbooks and
/// running the models is allocation-heavy, on several threads at once,
/// and glibc's per-thread arenas keep much of what they free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tune_allocator();
    let cli = match jobtally::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Bad arguments are the user's to fix: exit 1 (help and version: 0).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match jobtally::commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a fault.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("jobtally: {e:#}");
            ExitCode::from(jobtally::commands::exit_code(&e))
        }
    }
}

/// mimalloc's option numbers (`mi_option_e` in its `mimalloc.h`, v2.3,
/// the version libmimalloc-sys is pinned to in Cargo.toml); the Rust
/// bindings name only the older ones.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 37;

/// How long freed memory waits before it goes back to the system. A run
/// frees most of what it allocates between phases; mimalloc's default
/// (10 ms, and ten times that for its arenas) holds on to it across them.
/// Measured at 20,000 returns: with it the peak is 330-340 MB, without
/// it 460-520 MB and varying with the machine's speed; the time it costs
/// (returning pages and taking them back) was within the machine's drift.
const PURGE_DELAY_MS: std::ffi::c_long = 1;

/// The allocator's settings for a process whose peak memory matters more
/// than its last per cent of speed (docs/PERFORMANCE.md, "Memory"): freed
/// memory returned soon, and no transparent huge pages (a 2 MiB page
/// partly used counts whole towards the resident set). A `MIMALLOC_*`
/// variable the user sets still wins.
#[allow(unsafe_code)]
fn tune_allocator() {
    let unset = |name: &str| std::env::var_os(name).is_none();
    if unset("MIMALLOC_ALLOW_THP") {
        // Safety: a plain setter of mimalloc's option table with a valid
        // option number, called before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) };
        // mimalloc asked for huge pages on the memory it reserved before
        // `main`; this process-wide switch undoes that. Safety: prctl with
        // integer arguments only; on a kernel without it, it fails harmlessly.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
    if unset("MIMALLOC_PURGE_DELAY") {
        // Safety: as above.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}
