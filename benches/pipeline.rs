//! The pipeline over a workspace of 2,000 returns (the demo generator's,
//! all three layouts), parse already cached in state.db:
//! - `pipeline_2000`: every SQL model over the decoded returns;
//! - `reaggregate_2000`: what a run pays after reading a new file - decode
//!   the cached returns from SQLite, then every model;
//! - `parse_demo_file`: reading one return file;
//! - `phases_2000/*`: a run's phases one by one: reading and parsing the
//!   files (on the reader threads), decoding the ledger's returns,
//!   building the input tables, the models the checks read, the checks,
//!   syncing a fresh queue, the other models, writing the results and
//!   syncing 2,000 archived files.
//!
//! And what identity costs against a cold run (`identity` group):
//! - `cold_run_2000`: 2,000 demo files from the inbox to results, nothing
//!   cached;
//! - `recognise_2000`: scoring every sheet of those files against every
//!   kind (header rows, and a form's labels), the sheets already read;
//! - `resolve_2000`: resolving each return's commissioner, as written and
//!   with a typing slip (the near-match path), against the authorities.

use std::hint::black_box;

/// The binary's allocator, so the phases cost here what they cost in a run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use jobtally::config::Config;
use jobtally::ingest::Schema;
use jobtally::intake::Intake;
use jobtally::reference::Reference;
use jobtally::store::{self, Store};
use jobtally::workspace::Workspace;

fn workspace_of(n: usize) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::open(&dir.path().join("ws")).expect("workspace");
    let services = jobtally::demo::generate(n, 7);
    jobtally::kinds::service::demo::write(&ws.inbox(), &services, 7).expect("demo");
    Intake::new(&ws, &Config::defaults())
        .run_once()
        .expect("run");
    (dir, ws)
}

fn benches(c: &mut Criterion) {
    let (_dir, ws) = workspace_of(2000);
    let store = Store::open(&ws.state_db()).expect("store");
    let returns = store::returns::current(store.conn()).expect("returns");
    assert_eq!(returns.len(), 2000);
    let schema = Schema::builtin();
    let reference = Reference::load(Some(&ws.root)).expect("reference");
    let models = jobtally::pipeline::models_for(None).expect("models");
    let config = Config::defaults();
    let ctx = jobtally::pipeline::Context {
        schema,
        reference: &reference,
        models: &models,
        config: &config,
        memo: None,
    };
    let flags = std::collections::HashMap::new();
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(20);
    group.bench_function("pipeline_2000", |b| {
        b.iter(|| jobtally::pipeline::run(black_box(&returns), &ctx, &flags).expect("pipeline"))
    });
    group.bench_function("reaggregate_2000", |b| {
        b.iter(|| {
            let current = store::returns::current(store.conn()).expect("returns");
            jobtally::pipeline::run(&current, &ctx, &flags).expect("pipeline")
        })
    });
    group.finish();
    new_return(c, &returns, &ctx);
    intake_phases(c, &ws, &returns, &ctx);
    phases(c, &returns, &ctx);
    // Drawing a frame of the UI on the same 2,000-service workspace.
    let snapshot = jobtally::tui::data::load(&ws).expect("snapshot");
    let mut app =
        jobtally::tui::app::App::new("ws".into(), "ws/inbox".into(), Some("bench".into()));
    app.set_snapshot(snapshot);
    let theme = jobtally::tui::theme::Theme::plain();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).expect("terminal");
    let mut group = c.benchmark_group("tui_render_2000");
    for screen in jobtally::tui::app::Screen::ALL {
        app.screen = screen;
        group.bench_function(screen.title(), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| jobtally::tui::view::draw(f, black_box(&app), &theme))
                    .map(|_| ())
                    .expect("draw")
            })
        });
    }
    group.finish();
    let file = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/layout_b_study.xlsx"
    ))
    .expect("fixture");
    identity(c, &ws, &reference);

    c.bench_function("parse_study_form_xlsx", |b| {
        b.iter(|| {
            jobtally::kinds::read::read_bytes(
                "f.xlsx",
                black_box(&file),
                &Default::default(),
                schema,
            )
            .expect("read")
        })
    });
}

/// Every model as a daemon runs them when a return arrives: the service
/// returns differ from the last run's (here the 2,000 and the first 1,999
/// in turn), so the service models run again, with each query's plan
/// translated afresh (the plans let go each time) or kept from the last
/// run, as the daemon's. One memo throughout, so the other kinds' models
/// are answered from it in both.
fn new_return(
    c: &mut Criterion,
    returns: &[store::StoredReturn],
    ctx: &jobtally::pipeline::Context,
) {
    let flags = std::collections::HashMap::new();
    let sets = [returns, &returns[..returns.len() - 1]];
    let mut group = c.benchmark_group("new_return_2000");
    group.sample_size(20);
    let mut turn = 0usize;
    let memo = jobtally::pipeline::memo::Memo::new();
    let kept = jobtally::pipeline::Context {
        memo: Some(&memo),
        ..*ctx
    };
    group.bench_function("models_translated", |b| {
        b.iter(|| {
            turn += 1;
            memo.plans().clear();
            jobtally::pipeline::run(sets[turn % 2], &kept, &flags).expect("models")
        })
    });
    group.bench_function("models_plans_kept", |b| {
        b.iter(|| {
            turn += 1;
            jobtally::pipeline::run(sets[turn % 2], &kept, &flags).expect("models")
        })
    });
    group.finish();
}

/// Why a bench's queue closes an anomaly: it never does.
struct NeverClosed;

impl store::anomalies::CloseReason for NeverClosed {
    fn reason(&self, _: &str, _: Option<i64>) -> &'static str {
        "data changed"
    }
}

/// The phases around the models: reading and parsing the workspace's
/// files, decoding the returns, the input tables, a fresh queue's sync and
/// writing the results.
fn intake_phases(
    c: &mut Criterion,
    ws: &Workspace,
    returns: &[store::StoredReturn],
    ctx: &jobtally::pipeline::Context,
) {
    let limits = Config::defaults().read_limits();
    let jobs: Vec<jobtally::ingest::ReadJob> = jobtally::workspace::files_under(&ws.archive())
        .into_iter()
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::sync::Arc::new(std::fs::read(&p).expect("read")))
        })
        .collect();
    let flags = std::collections::HashMap::new();
    let mut group = c.benchmark_group("phases_2000");
    group.sample_size(10);
    group.bench_function("read_and_parse", |b| {
        b.iter(|| jobtally::kinds::read::read_all(jobs.clone(), &limits))
    });
    let db = Store::open(&ws.state_db()).expect("store");
    group.bench_function("returns_decoded", |b| {
        b.iter(|| store::returns::current(db.conn()).expect("returns"))
    });
    let nothing = std::collections::BTreeSet::new();
    group.bench_function("input_frames", |b| {
        b.iter(|| {
            jobtally::pipeline::run_only(returns, ctx, &flags, Some(&nothing)).expect("frames")
        })
    });
    let checks = jobtally::checks::load(None).expect("checks");
    let full = jobtally::pipeline::run(returns, ctx, &flags).expect("models");
    let findings =
        jobtally::checks::run(&full.all, returns, &checks, &[], None, None).expect("checks");
    // A copy of the ledger with its queue emptied (the bench's copy only
    // may drop the append-only guard); each sync is rolled back.
    let copy = tempfile::tempdir().expect("tempdir");
    let path = copy.path().join("state.db");
    std::fs::copy(ws.state_db(), &path).expect("copy");
    let mut fresh = Store::open(&path).expect("store");
    fresh
        .conn()
        .execute_batch(
            "DROP TRIGGER anomaly_events_append_only_delete;
             DELETE FROM anomaly_events; DELETE FROM anomalies;",
        )
        .expect("empty the queue");
    group.bench_function("queue_sync_fresh", |b| {
        b.iter(|| {
            let tx = fresh.conn_mut().transaction().expect("tx");
            let queue = store::anomalies::Queue::read(&tx).expect("queue");
            store::anomalies::sync(&tx, findings.iter(), &NeverClosed, queue, false).expect("sync")
        })
    });
    group.bench_function("results_written", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let out = Workspace::open(&dir.path().join("ws")).expect("workspace");
                (dir, out, full.results.clone())
            },
            |(dir, out, mut tables)| {
                jobtally::results::publish(&out, 1, &mut tables, 3, None, None).expect("publish");
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// A run's phases after the returns are decoded, one by one (issue of
/// where a cold run's time goes): the models the checks read, the checks,
/// the other models on the first pass's tables, and making 2,000 archived
/// files durable.
fn phases(c: &mut Criterion, returns: &[store::StoredReturn], ctx: &jobtally::pipeline::Context) {
    let flags = std::collections::HashMap::new();
    let checks = jobtally::checks::load(None).expect("checks");
    let texts: Vec<&str> = checks.iter().map(|c| c.sql.as_str()).collect();
    let for_checks = jobtally::pipeline::models::read_by(ctx.models, &texts);
    let mut group = c.benchmark_group("phases_2000");
    group.sample_size(10);
    group.bench_function("models_for_checks", |b| {
        b.iter(|| {
            jobtally::pipeline::run_only(returns, ctx, &flags, Some(&for_checks)).expect("models")
        })
    });
    let first =
        jobtally::pipeline::run_only(returns, ctx, &flags, Some(&for_checks)).expect("models");
    group.bench_function("checks", |b| {
        b.iter(|| {
            jobtally::checks::run(&first.all, returns, &checks, &[], None, None).expect("checks")
        })
    });
    group.bench_function("other_models", |b| {
        b.iter_batched(
            || jobtally::pipeline::Output {
                results: first.results.clone(),
                all: first.all.clone(),
            },
            |earlier| {
                jobtally::pipeline::finish(&Vec::new(), ctx, (&flags, &flags), earlier, None)
                    .expect("models")
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.bench_function("archive_sync", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let paths: Vec<std::path::PathBuf> = (0..2000)
                    .map(|i| {
                        let p = dir.path().join(format!("return-{i}.csv"));
                        std::fs::write(&p, [b'x'; 7000]).expect("write");
                        p
                    })
                    .collect();
                (dir, paths)
            },
            |(dir, paths)| {
                jobtally::watch::mover::sync_all(paths.iter().map(|p| p.as_path())).expect("sync");
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Recognition and name resolution beside the cold run they are part of.
fn identity(c: &mut Criterion, ws: &Workspace, reference: &Reference) {
    let schema = Schema::builtin();
    let limits = Default::default();
    // The same 2,000 returns as the workspace's, written afresh.
    let staging = tempfile::tempdir().expect("tempdir");
    let written = jobtally::kinds::service::demo::write(
        staging.path(),
        &jobtally::demo::generate(2000, 7),
        7,
    )
    .expect("demo")
    .files;
    let mut sheets = Vec::new();
    for path in &written {
        let bytes = std::fs::read(path).expect("file");
        let name = path.to_string_lossy().to_string();
        match jobtally::ingest::extension(&name).as_str() {
            "csv" => {
                sheets.push(jobtally::ingest::csvfile::read_csv(&bytes, "", &limits).expect("csv"))
            }
            ext => sheets.extend(
                jobtally::ingest::workbook::read_workbook(&bytes, ext, &limits).expect("workbook"),
            ),
        }
    }
    assert!(sheets.len() >= 50, "{} sheets", sheets.len());
    let store = Store::open(&ws.state_db()).expect("store");
    let names: Vec<String> = store::returns::current(store.conn())
        .expect("returns")
        .iter()
        .filter_map(|r| r.data.text("commissioner").map(str::to_string))
        .flat_map(|n| {
            // A slip: one letter dropped from the middle.
            let mut slipped: Vec<char> = n.chars().collect();
            slipped.remove(slipped.len() / 2);
            [n, slipped.into_iter().collect()]
        })
        .collect();
    let mut group = c.benchmark_group("identity");
    group.sample_size(10);
    // As a run does: every sheet's header row, and the labels of a sheet
    // that no kind's rows fit (a form).
    group.bench_function("recognise_2000", |b| {
        b.iter(|| {
            sheets
                .iter()
                .map(|g| {
                    let rows = jobtally::kinds::read::fits(black_box(g), schema);
                    if rows.iter().any(|f| f.complete()) {
                        rows.len()
                    } else {
                        jobtally::kinds::read::form_fits(black_box(g), schema).len()
                    }
                })
                .sum::<usize>()
        })
    });
    group.bench_function("resolve_2000", |b| {
        b.iter(|| {
            names
                .iter()
                .filter(|n| {
                    reference
                        .resolve_authority(black_box(n))
                        .authority()
                        .is_some()
                })
                .count()
        })
    });
    group.bench_function("cold_run_2000", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tempdir");
                let fresh = Workspace::open(&dir.path().join("ws")).expect("workspace");
                for path in &written {
                    let name = path.file_name().expect("name");
                    std::fs::copy(path, fresh.inbox().join(name)).expect("copy");
                }
                (dir, fresh)
            },
            |(dir, fresh)| {
                Intake::new(&fresh, &Config::defaults())
                    .run_once()
                    .expect("run");
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
