//! The real daemon (`jobtally watch`) started on a test's workspace, and
//! waiting on what it does with a deadline.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

pub const DEADLINE: Duration = Duration::from_secs(60);

pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct Daemon {
    pub child: Child,
}

impl Daemon {
    pub fn start(ws: &Ws, extra_env: &[(&str, &str)]) -> Daemon {
        std::fs::create_dir_all(ws.root()).expect("root");
        if !ws.path("jobtally.toml").exists() {
            std::fs::write(ws.path("jobtally.toml"), "[watch]\nsettle_ms = 300\n").expect("config");
        }
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("jobtally"));
        cmd.arg("--workspace")
            .arg(ws.root())
            .arg("watch")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("spawn daemon");
        let mut d = Daemon { child };
        // A daemon told to crash may take the lock, work and exit between
        // two looks: having exited counts as having started.
        wait_until("the daemon holds the lock (or has exited)", || {
            ws.lock_held() || d.child.try_wait().expect("wait").is_some()
        });
        d
    }

    /// SIGTERM; the daemon must exit 0.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(status.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "daemon exit status {status:?}");
                return;
            }
            assert!(start.elapsed() < DEADLINE, "daemon did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            assert!(start.elapsed() < DEADLINE, "daemon did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
