//! Load on `gongkai serve` (issue 12: 50 users, p95 under 200 ms at 100,000 reports): USERS
//! threads, each logged in with its own session, request a mix of pages and API calls for
//! SECS seconds; latency percentiles per kind of request. Driven by `scripts/bench-web.sh`.
//!
//! ```text
//! web_load ADDR USER PASSWORD REPORTS [USERS=50] [SECS=30] [THINK_MS=0]
//! ```
//!
//! THINK_MS: each user waits a random time up to twice this between requests (a person
//! reading the page); 0 asks again at once (a stress test, not browsing).
//!
//! A plain HTTP/1.1 client over `TcpStream` with keep-alive (GET and one form POST to a
//! server on this machine; no TLS, no redirects followed): a client crate would add a runtime
//! and dozens of crates to the benchmarks for nothing they need.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Conn {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
    cookies: Vec<(String, String)>,
}

struct Answer {
    status: u16,
    body: String,
}

impl Conn {
    fn new(addr: &str) -> Conn {
        Conn {
            addr: addr.to_owned(),
            stream: None,
            cookies: Vec::new(),
        }
    }

    fn request(&mut self, method: &str, path: &str, form: Option<&str>) -> std::io::Result<Answer> {
        for attempt in 0..2 {
            if self.stream.is_none() {
                let s = TcpStream::connect(&self.addr)?;
                s.set_nodelay(true)?;
                s.set_read_timeout(Some(Duration::from_secs(30)))?;
                self.stream = Some(BufReader::new(s));
            }
            match self.once(method, path, form) {
                Ok(a) => return Ok(a),
                // The server closed a kept-alive connection: reconnect once.
                Err(_) if attempt == 0 => self.stream = None,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("unreachable"))
    }

    fn once(&mut self, method: &str, path: &str, form: Option<&str>) -> std::io::Result<Answer> {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: keep-alive\r\n",
            self.addr
        );
        if !cookie.is_empty() {
            req.push_str(&format!("Cookie: {}\r\n", cookie.join("; ")));
        }
        if let Some(f) = form {
            req.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                f.len()
            ));
        }
        req.push_str("\r\n");
        if let Some(f) = form {
            req.push_str(f);
        }
        let Some(stream) = self.stream.as_mut() else {
            return Err(std::io::Error::other("not connected"));
        };
        stream.get_mut().write_all(req.as_bytes())?;
        let mut line = String::new();
        stream.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        let mut close = false;
        loop {
            let mut h = String::new();
            stream.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let Some((k, v)) = h.split_once(':') else {
                continue;
            };
            let v = v.trim();
            match k.to_ascii_lowercase().as_str() {
                "content-length" => length = v.parse().unwrap_or(0),
                "connection" => close = v.eq_ignore_ascii_case("close"),
                "transfer-encoding" if v.contains("chunked") => {
                    return Err(std::io::Error::other("chunked answers are not read"));
                }
                "set-cookie" => {
                    if let Some((name, rest)) = v.split_once('=') {
                        let value = rest.split(';').next().unwrap_or("").to_owned();
                        self.cookies.retain(|(n, _)| n != name);
                        self.cookies.push((name.to_owned(), value));
                    }
                }
                _ => {}
            }
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body)?;
        if close {
            self.stream = None;
        }
        Ok(Answer {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }

    /// Log in through the form as a browser does (CSRF token from the page and cookie).
    fn login(&mut self, user: &str, password: &str) -> Result<(), String> {
        let page = self
            .request("GET", "/login", None)
            .map_err(|e| e.to_string())?;
        let token = page
            .body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .ok_or("no csrf token on /login")?
            .to_owned();
        let form = format!("csrf={token}&name={}&password={}", enc(user), enc(password));
        let a = self
            .request("POST", "/login", Some(&form))
            .map_err(|e| e.to_string())?;
        if !(a.status == 303 || a.status == 302 || a.status == 200)
            || !self.cookies.iter().any(|(n, _)| n == "gk_session")
        {
            return Err(format!("login failed: {}", a.status));
        }
        Ok(())
    }
}

/// Percent-encoding of a form value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A small deterministic generator (xorshift), so runs ask for the same mix.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!("usage: web_load ADDR USER PASSWORD REPORTS [USERS=50] [SECS=30] [THINK_MS=0]");
        std::process::exit(2);
    }
    let addr = args[1].clone();
    let (user, password) = (args[2].clone(), args[3].clone());
    let reports: u64 = args[4].parse().unwrap_or(1);
    let users: u64 = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(50);
    let secs: u64 = args.get(6).and_then(|s| s.parse().ok()).unwrap_or(30);
    let think: u64 = args.get(7).and_then(|s| s.parse().ok()).unwrap_or(0);
    let until = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let threads: Vec<_> = (0..users)
        .map(|u| {
            let (addr, user, password) = (addr.clone(), user.clone(), password.clone());
            std::thread::spawn(move || {
                let mut c = Conn::new(&addr);
                let mut seen: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
                let mut errors = 0u64;
                if let Err(e) = c.login(&user, &password) {
                    eprintln!("user {u}: {e}");
                    return (seen, 1);
                }
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (u + 1));
                while Instant::now() < until {
                    if think > 0 {
                        std::thread::sleep(Duration::from_millis(rng.below(2 * think)));
                    }
                    let id = 1 + rng.below(reports);
                    let year = 2019 + rng.below(6);
                    // The mix of a reviewing office: mostly reports, some lists and
                    // dashboards, API reads.
                    let (kind, path) = match rng.below(10) {
                        0..=3 => ("report page", format!("/reports/{id}")),
                        4 => ("list (year)", format!("/?year={year}")),
                        5 => ("dashboard", format!("/dashboard?year={year}")),
                        6 => ("api report", format!("/api/reports/{id}")),
                        7 => ("api cells", format!("/api/reports/{id}/cells")),
                        8 => ("api findings", format!("/api/reports/{id}/findings")),
                        _ => ("api stats", format!("/api/stats?year={year}")),
                    };
                    let t = Instant::now();
                    match c.request("GET", &path, None) {
                        // Every asked report exists and the viewer may read it: anything
                        // but 200 is an error.
                        Ok(a) if a.status == 200 => {
                            seen.entry(kind).or_default().push(t.elapsed());
                        }
                        Ok(_) | Err(_) => errors += 1,
                    }
                }
                (seen, errors)
            })
        })
        .collect();
    let mut all: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    let mut errors = 0;
    for t in threads {
        if let Ok((seen, e)) = t.join() {
            errors += e;
            for (k, v) in seen {
                all.entry(k).or_default().extend(v);
            }
        }
    }
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{users} users, {secs} s, think time up to {} ms, {reports} reports in the store, {errors} errors",
        2 * think
    );
    println!("| request | n | per s | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|---|");
    let mut every: Vec<Duration> = Vec::new();
    for (k, mut v) in all {
        v.sort();
        println!(
            "| {k} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            v.len() as f64 / wall,
            percentile(&v, 0.5),
            percentile(&v, 0.95),
            percentile(&v, 0.99),
            percentile(&v, 1.0)
        );
        every.extend(v);
    }
    every.sort();
    println!(
        "| **all** | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
        every.len(),
        every.len() as f64 / wall,
        percentile(&every, 0.5),
        percentile(&every, 0.95),
        percentile(&every, 0.99),
        percentile(&every, 1.0)
    );
}
