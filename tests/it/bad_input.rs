//! Bad input never crashes `run` and never loses a file (RETURN_FORMAT.md §2a).

use crate::harness::*;

/// Each bad file ends in rejected/ with a readable reason beside it.
#[test]
fn bad_files_are_rejected_with_reasons_and_kept() {
    let ws = Ws::new();
    let cases = [
        ("bad/empty.xlsx", "empty file"),
        ("bad/truncated.xlsx", "damaged or truncated"),
        ("bad/text_renamed.xlsx", "not a spreadsheet"),
        ("bad/unrelated.xlsx", "not a service return"),
        ("bad/header_only.csv", "no data rows"),
    ];
    for (fixture, _) in &cases {
        ws.drop_fixture(fixture, None);
    }
    let out = ws.run();
    assert!(out.contains("5 files rejected"), "{out}");
    assert!(ws.inbox_names().is_empty(), "inbox: {:?}", ws.inbox_names());
    for (fixture, reason) in &cases {
        let name = fixture.trim_start_matches("bad/");
        let kept = ws.path("rejected").join(name);
        assert_eq!(
            std::fs::read(&kept).expect("rejected file kept"),
            std::fs::read(fixture_path(fixture)).expect("fixture"),
            "{name} kept byte for byte"
        );
        let why = std::fs::read_to_string(ws.path("rejected").join(format!("{name}.error.txt")))
            .expect("reason file");
        assert!(why.contains(reason), "{name}: {why}");
        assert!(why.contains("What to do:"), "{name}: {why}");
    }
    // The workbook that is not a return says which fields were looked for.
    let why =
        std::fs::read_to_string(ws.path("rejected/unrelated.xlsx.error.txt")).expect("reason");
    assert!(
        why.contains("service_name") && why.contains("people_total"),
        "{why}"
    );
}

#[test]
fn temporary_and_odd_entries_are_left_alone() {
    let ws = Ws::new();
    ws.drop_bytes("~$Return.xlsx", b"lock")
        .drop_bytes("upload.xlsx.part", b"half")
        .drop_bytes("notes.tmp", b"tmp")
        .drop_bytes(".hidden.csv", b"x");
    std::fs::create_dir_all(ws.path("inbox/sub")).expect("subdir");
    std::fs::copy(
        fixture_path("layout_c_metrics.csv"),
        ws.path("inbox/sub/inside.csv"),
    )
    .expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        fixture_path("layout_c_metrics.csv"),
        ws.path("inbox/link.csv"),
    )
    .expect("symlink");
    let out = ws.run();
    assert!(out.contains("0 files accepted"), "{out}");
    assert!(out.contains("Office lock file"), "{out}");
    assert!(out.contains("symbolic link"), "{out}");
    assert!(out.contains("sub-directory"), "{out}");
    let left = ws.inbox_names();
    for name in [
        "~$Return.xlsx",
        "upload.xlsx.part",
        "notes.tmp",
        ".hidden.csv",
        "sub",
        "link.csv",
    ] {
        assert!(
            left.contains(&name.to_string()),
            "{name} left in place: {left:?}"
        );
    }
    assert!(
        ws.path("inbox/sub/inside.csv").exists(),
        "sub-directory not entered"
    );
    assert!(ws.services().height() == 0);
}

#[test]
fn unsupported_and_oversized_files_are_rejected_unread() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(ws.path("jobtally.toml"), "[limits]\nmax_file_mb = 1\n").expect("config");
    ws.drop_bytes("minutes.docx", b"PK\x03\x04 not really");
    ws.drop_bytes("huge.csv", &vec![b'a'; 1024 * 1024 + 1]);
    let out = ws.run();
    assert!(out.contains("2 files rejected"), "{out}");
    let why = std::fs::read_to_string(ws.path("rejected/huge.csv.error.txt")).expect("reason");
    assert!(why.contains("over the limit"), "{why}");
    let why = std::fs::read_to_string(ws.path("rejected/minutes.docx.error.txt")).expect("reason");
    assert!(why.contains("unsupported file type"), "{why}");
}

#[test]
fn a_rejected_name_never_overwrites_an_earlier_one() {
    let ws = Ws::new();
    ws.drop_fixture("bad/header_only.csv", Some("return.csv"));
    ws.run();
    ws.drop_bytes("return.csv", b"something else entirely\n1,2\n");
    ws.run();
    let names = names_in(&ws.path("rejected"));
    assert_eq!(
        names,
        [
            "return.csv",
            "return.csv.error.txt",
            "return~2.csv",
            "return~2.csv.error.txt"
        ]
    );
}
