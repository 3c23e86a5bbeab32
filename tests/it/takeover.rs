//! Watching is never silently lost: two UIs and a daemon on one workspace,
//! in tmux. The first UI watches; `jobtally watch` asks it to hand over;
//! when the daemon stops, a UI takes over; when that UI quits, the other
//! does, and picks up a file dropped in the inbox.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::harness::*;

struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux")
    }

    fn screen(&self, target: &str) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", target]).stdout)
            .into_owned()
    }

    /// Poll `target`'s screen until `seen` holds, or fail after `secs`.
    fn wait(&self, target: &str, what: &str, secs: u64, seen: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(target);
            if seen(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "{target} never showed {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn top_line(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

#[test]
fn two_uis_and_a_daemon_never_leave_the_inbox_unwatched() {
    let ok = Command::new("tmux").arg("-V").output();
    assert!(
        ok.is_ok_and(|o| o.status.success()),
        "tmux is needed for this test (.ci/run installs it)"
    );
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let bin = assert_cmd::cargo::cargo_bin("jobtally");
    let tmux = Tmux {
        socket: ws.dir.path().join("tmux.sock"),
    };
    // A debug build's polars worker threads need more than the default
    // 2 MB of stack when a UI publishes (release builds do not).
    let ui = format!(
        "USER=e2e RUST_MIN_STACK=67108864 {} --workspace {}",
        bin.display(),
        ws.root().display()
    );
    let out = tmux.run(&["new-session", "-d", "-s", "a", "-x", "120", "-y", "30", &ui]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmux.wait("a", "◉ watching", 30, |s| {
        top_line(s).contains("◉ watching")
    });
    tmux.run(&["new-session", "-d", "-s", "b", "-x", "120", "-y", "30", &ui]);
    tmux.wait("b", "another's watching", 30, |s| {
        top_line(s).contains("watches")
    });

    // The daemon asks the first UI to hand over, and gets the watching.
    let mut daemon = Command::new(&bin)
        .args(["--workspace"])
        .arg(ws.root())
        .arg("watch")
        .env("RUST_MIN_STACK", "67108864")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("watch");
    let pid = daemon.id().to_string();
    for ui in ["a", "b"] {
        tmux.wait(ui, "the daemon watching", 30, |s| {
            top_line(s).contains(&format!("PID {pid} watches"))
        });
    }

    // The daemon stops: a UI takes over within a tick.
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let _ = daemon.wait();
    let start = Instant::now();
    let holder = loop {
        if let Some(ui) = ["a", "b"]
            .into_iter()
            .find(|ui| top_line(&tmux.screen(ui)).contains("◉ watching"))
        {
            break ui;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "nobody took over"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let other = if holder == "a" { "b" } else { "a" };

    // The watching UI quits: the other takes over, and takes a new file.
    tmux.run(&["send-keys", "-t", holder, "q"]);
    tmux.wait(other, "◉ watching", 30, |s| {
        top_line(s).contains("◉ watching")
    });
    ws.drop_fixture("analytics_10.csv", None);
    let start = Instant::now();
    while ws.path("inbox/analytics_10.csv").exists() {
        if start.elapsed() > Duration::from_secs(30) {
            let logs: String = std::fs::read_dir(ws.path("logs"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect();
            panic!(
                "the file was never taken; {other}:\n{}\nlogs:\n{logs}",
                tmux.screen(other)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Taken into the ledger, not just moved.
    let start = Instant::now();
    loop {
        let status = ws.cmd().arg("status").output().expect("status");
        let text = String::from_utf8_lossy(&status.stdout).into_owned();
        if text.contains("2 accepted") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{text}");
        std::thread::sleep(Duration::from_millis(200));
    }
    tmux.run(&["send-keys", "-t", other, "q"]);
}
