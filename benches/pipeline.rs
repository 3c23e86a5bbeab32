//! The pipeline over a workspace of 2,000 returns (the demo generator's,
//! all three layouts), parse already cached in state.db:
//! - `pipeline_2000`: every SQL model over the decoded returns;
//! - `reaggregate_2000`: what a run pays after reading a new file - decode
//!   the cached returns from SQLite, then every model;
//! - `parse_demo_file`: reading one return file.

use std::hint::black_box;

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
    jobtally::demo::write(&ws.inbox(), &services, 7).expect("demo");
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
    // Drawing a frame of the UI on the same 2,000-service workspace.
    let snapshot = jobtally::tui::data::load(&ws).expect("snapshot");
    let mut app = jobtally::tui::app::App::new("ws".into(), "ws/inbox".into(), "bench".into());
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
    c.bench_function("parse_study_form_xlsx", |b| {
        b.iter(|| {
            jobtally::ingest::read_bytes("f.xlsx", black_box(&file), &Default::default(), schema)
                .expect("read")
        })
    });
}

criterion_group!(all, benches);
criterion_main!(all);
