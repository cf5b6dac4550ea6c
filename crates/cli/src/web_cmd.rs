//! `gongkai serve` (the web app of crate gongkai-web) and `gongkai user` (its accounts).

use crate::store_cmd::{DbArg, fail};
use gongkai_store::{NewUser, Role};
use gongkai_web::{AppState, Config, auth};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArg,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Where uploaded originals are kept (default: DB.files beside an SQLite store, else
    /// ./gongkai.files).
    #[arg(long, value_name = "DIR")]
    files: Option<PathBuf>,
    /// The server is reached through TLS (a reverse proxy): session cookies get `Secure`.
    #[arg(long)]
    behind_tls: bool,
    /// Largest upload (all files of one form), in MiB.
    #[arg(long, default_value_t = 256)]
    max_upload: usize,
    /// Largest file (or zip entry), in MiB.
    #[arg(long, default_value_t = 64)]
    max_size: usize,
    /// The rubric of the dashboard's score ranking (default: [score] rubric in gongkai.toml,
    /// if any; none: no ranking).
    #[arg(long, value_name = "FILE")]
    rubric: Option<PathBuf>,
}

/// The rubric named by --rubric, else by the gongkai.toml found from here upward, if any.
fn rubric(flag: Option<&std::path::Path>) -> Result<Option<gongkai_review::Rubric>, String> {
    let path = match flag {
        Some(p) => Some(p.to_owned()),
        None => match std::env::current_dir()
            .ok()
            .and_then(|d| gongkai_review::config::discover(&d))
        {
            Some(cfg) => {
                gongkai_review::Settings::load(&cfg)
                    .map_err(|e| e.to_string())?
                    .rubric
            }
            None => None,
        },
    };
    path.map(|p| gongkai_review::Rubric::load(&p).map_err(|e| e.to_string()))
        .transpose()
}

#[derive(clap::Subcommand)]
pub enum UserCmd {
    /// Create an account. The password is read from standard input with --password-stdin;
    /// otherwise a random one is made and printed once.
    Add {
        /// Login name.
        name: String,
        /// admin, reviewer (needs --region), clerk (needs --body) or viewer.
        #[arg(long)]
        role: String,
        /// Reviewer: the region reviewed (a code such as 1101, or a name).
        #[arg(long, conflicts_with = "body")]
        region: Option<String>,
        /// Clerk: the body's key in the store (see `gongkai list`).
        #[arg(long)]
        body: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Make an API token for an account (for writes through the JSON API); printed once.
    Token {
        /// Login name.
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the accounts.
    List {
        #[command(flatten)]
        db: DbArg,
    },
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

pub fn serve(args: &ServeArgs) -> ExitCode {
    let url = args.db.url();
    let files = args.files.clone().unwrap_or_else(|| {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") || url == ":memory:" {
            PathBuf::from("gongkai.files")
        } else {
            PathBuf::from(format!("{url}.files"))
        }
    });
    let mut config = Config::new(url, files);
    config.secure_cookies = args.behind_tls;
    config.max_upload_bytes = args.max_upload.saturating_mul(1024 * 1024);
    config.max_file_bytes = args.max_size.saturating_mul(1024 * 1024);
    config.rubric = match rubric(args.rubric.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    match store.users() {
        Ok(u) if u.is_empty() => eprintln!(
            "gongkai: 还没有账号。创建管理员 (no accounts yet; create the admin):\n  gongkai user add admin --role admin{}",
            args.db_flag()
        ),
        Ok(_) => {}
        Err(e) => return fail(e),
    }
    let state = match AppState::with_pool(config, store) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    match gongkai_web::serve(state, &args.addr, |a| {
        eprintln!("gongkai: 在浏览器中打开 (open) http://{a}/");
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

impl ServeArgs {
    fn db_flag(&self) -> String {
        self.db
            .explicit()
            .map(|d| format!(" --db {d}"))
            .unwrap_or_default()
    }
}

fn region_prefix(text: &str) -> Result<String, String> {
    let table = gongkai_bodies::Divisions::embedded().map_err(|e| e.to_string())?;
    gongkai_store::region_selector(table, text).map_err(|c| {
        if c.is_empty() {
            format!("未知区划 (unknown region): {text}")
        } else {
            format!(
                "区划有多个 (ambiguous region) {text}: {}",
                c.iter()
                    .map(|(code, name)| format!("{name} {code}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    })
}

pub fn user(cmd: &UserCmd) -> ExitCode {
    match cmd {
        UserCmd::Add {
            name,
            role,
            region,
            body,
            password_stdin,
            db,
        } => {
            let Some(role) = Role::parse(role) else {
                return fail(format!(
                    "未知角色 (unknown role) {role}: admin, reviewer, clerk, viewer"
                ));
            };
            let name = name.trim();
            if name.is_empty() || name.chars().any(char::is_control) {
                return fail("用户名不能为空或含控制字符 (empty name or control characters)");
            }
            let region = match (role, region) {
                (Role::Reviewer, Some(r)) => match region_prefix(r) {
                    Ok(p) => Some(p),
                    Err(e) => return fail(e),
                },
                (Role::Reviewer, None) => {
                    return fail("审核员需要 --region (a reviewer needs --region)");
                }
                (_, Some(_)) => {
                    return fail("只有审核员有 --region (only a reviewer has --region)");
                }
                (_, None) => None,
            };
            let body = match (role, body) {
                (Role::Clerk, Some(b)) => Some(b.clone()),
                (Role::Clerk, None) => return fail("填报员需要 --body (a clerk needs --body)"),
                (_, Some(_)) => return fail("只有填报员有 --body (only a clerk has --body)"),
                (_, None) => None,
            };
            let (password, shown) = if *password_stdin {
                let mut line = String::new();
                if std::io::stdin().lock().read_line(&mut line).is_err() {
                    return fail("无法读取密码 (cannot read the password)");
                }
                let p = line.trim_end_matches(['\n', '\r']).to_owned();
                if p.chars().count() < 8 {
                    return fail("密码至少 8 个字符 (password shorter than 8 characters)");
                }
                (p, false)
            } else {
                match auth::random_token() {
                    Ok(t) => (t.chars().take(20).collect::<String>(), true),
                    Err(e) => return fail(e),
                }
            };
            let hash = match auth::hash_password(&password) {
                Ok(h) => h,
                Err(e) => return fail(e),
            };
            let mut store = match db.open() {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            if let (Role::Clerk, Some(b)) = (role, &body) {
                match store.find_bodies(b) {
                    Ok(found) if found.iter().any(|f| &f.record.key == b) => {}
                    Ok(_) => {
                        eprintln!(
                            "gongkai: 注意：库中还没有机关 {b} 的报告 (no report of body {b} in the store yet)"
                        );
                    }
                    Err(e) => return fail(e),
                }
            }
            let at = now();
            let r = store.add_user(&NewUser {
                name: name.to_owned(),
                role,
                region: region.clone(),
                body_key: body,
                password: hash,
                created_at: at.clone(),
            });
            if let Err(e) = r {
                return fail(e);
            }
            let _ = store.audit(&gongkai_store::AuditEntry {
                at,
                who: "cli".into(),
                action: "user_add".into(),
                target: name.to_owned(),
                detail: format!(
                    "{role}{}",
                    region.map(|r| format!(" {r}")).unwrap_or_default()
                ),
            });
            eprintln!("gongkai: 已创建账号 (account created) {name} [{role}]");
            if shown {
                // The only place the password is ever shown.
                println!("{password}");
                if std::io::stdout().is_terminal() {
                    eprintln!(
                        "gongkai: 上面是初始密码，只显示这一次 (the password above is shown once)"
                    );
                }
            }
            ExitCode::SUCCESS
        }
        UserCmd::Token { name, db } => {
            let mut store = match db.open() {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let user = match store.user(name) {
                Ok(Some(u)) => u,
                Ok(None) => return fail(format!("没有账号 (no account) {name}")),
                Err(e) => return fail(e),
            };
            let token = match auth::random_token() {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            if let Err(e) = store.add_token(user.id, &auth::token_digest(&token), &now()) {
                return fail(e);
            }
            println!("{token}");
            ExitCode::SUCCESS
        }
        UserCmd::List { db } => {
            let mut store = match db.open() {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            match store.users() {
                Ok(users) => {
                    for u in users {
                        println!(
                            "{}\t{}\t{}",
                            u.name,
                            u.role,
                            u.region.or(u.body_key).unwrap_or_default()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}
