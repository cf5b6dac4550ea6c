//! `gongkai user` and `gongkai serve` end to end (feature `web`, on by default).

#![cfg(feature = "web")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn gk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn db() -> String {
    let dir = std::env::temp_dir().join(format!("gongkai-cli-web-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!(
        "{}.db",
        std::thread::current()
            .name()
            .unwrap_or("t")
            .replace("::", "_")
    ));
    let _ = std::fs::remove_file(&p);
    p.display().to_string()
}

fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut c = gk()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        c.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(c.stdin.take());
    }
    let o = c.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn user_add_checks_role_scope_and_names() {
    let db = db();
    let (rc, out, _) = run(
        &["user", "add", "admin", "--role", "admin", "--db", &db],
        None,
    );
    assert_eq!(rc, 0);
    assert_eq!(
        out.trim().len(),
        20,
        "a random password is printed once: {out}"
    );
    let (rc, _, err) = run(
        &["user", "add", "admin", "--role", "admin", "--db", &db],
        None,
    );
    assert_eq!(rc, 2, "{err}");
    let (rc, _, err) = run(
        &["user", "add", "r", "--role", "reviewer", "--db", &db],
        None,
    );
    assert_eq!(rc, 2);
    assert!(err.contains("--region"), "{err}");
    let (rc, _, _) = run(
        &[
            "user", "add", "c", "--role", "clerk", "--region", "11", "--db", &db,
        ],
        None,
    );
    assert_eq!(rc, 2);
    let (rc, _, _) = run(&["user", "add", "x", "--role", "root", "--db", &db], None);
    assert_eq!(rc, 2);
    let (rc, _, _) = run(
        &[
            "user",
            "add",
            "r",
            "--role",
            "reviewer",
            "--region",
            "1101",
            "--password-stdin",
            "--db",
            &db,
        ],
        Some("short\n"),
    );
    assert_eq!(rc, 2, "passwords under 8 characters are refused");
    let (rc, out, err) = run(
        &[
            "user",
            "add",
            "r",
            "--role",
            "reviewer",
            "--region",
            "1101",
            "--password-stdin",
            "--db",
            &db,
        ],
        Some("a long enough password\n"),
    );
    assert_eq!(rc, 0, "{err}");
    assert!(out.is_empty());
    let (rc, out, _) = run(&["user", "token", "r", "--db", &db], None);
    assert_eq!(rc, 0);
    assert_eq!(out.trim().len(), 64);
    let (_, list, _) = run(&["user", "list", "--db", &db], None);
    assert!(list.contains("r\treviewer\t1101"), "{list}");
}

#[test]
fn serve_prints_the_url_and_answers() {
    let db = db();
    let mut child = gk()
        .args(["serve", "--db", &db, "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut lines = String::new();
    let url = loop {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 {
            let _ = child.kill();
            panic!("serve ended: {lines}");
        }
        lines.push_str(&line);
        if let Some(at) = line.find("http://") {
            break line[at..].trim().to_owned();
        }
    };
    assert!(
        lines.contains("gongkai user add admin --role admin"),
        "{lines}"
    );
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /api/reports HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut res = String::new();
    s.read_to_string(&mut res).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    assert!(res.contains("{\"reports\":[]}"), "{res}");
}
