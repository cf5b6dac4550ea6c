//! The shared state of the app: the store, the sessions, the login limiter, the settings.

use crate::WebError;
use crate::auth::{LoginLimiter, Sessions};
use crate::cache::Cache;
use gongkai_store::Store;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Settings of a server.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store: an SQLite file, `:memory:`, or a `postgres://` URL.
    pub db: String,
    /// Where uploaded originals are kept, each under its SHA-256.
    pub files: PathBuf,
    /// Behind TLS: session cookies get `Secure`.
    pub secure_cookies: bool,
    /// Largest request of an upload (all files together), bytes.
    pub max_upload_bytes: usize,
    /// Largest file of an upload (and of a zip entry), bytes.
    pub max_file_bytes: usize,
    /// Most files in one upload.
    pub max_files: usize,
    /// Session lifetime, seconds.
    pub session_secs: u64,
    /// The rubric the dashboard's score ranking uses (none: no ranking).
    pub rubric: Option<gongkai_review::Rubric>,
}

impl Config {
    /// Defaults: 256 MiB per upload, 64 MiB per file, 500 files, 12-hour sessions, no TLS,
    /// no rubric.
    pub fn new(db: impl Into<String>, files: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            files: files.into(),
            secure_cookies: false,
            max_upload_bytes: 256 * 1024 * 1024,
            max_file_bytes: 64 * 1024 * 1024,
            max_files: 500,
            session_secs: 12 * 3600,
            rubric: None,
        }
    }
}

/// Everything a handler needs. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Settings.
    pub config: Arc<Config>,
    /// Connections to the store: one per core for a store file or server (readers of SQLite
    /// in WAL mode do not block each other), one for `:memory:`. A request takes a free one.
    stores: Arc<Vec<Mutex<Store>>>,
    next: Arc<std::sync::atomic::AtomicUsize>,
    /// Logged-in sessions.
    pub sessions: Arc<Sessions>,
    /// Failed logins.
    pub limiter: Arc<LoginLimiter>,
    /// Aggregates served for up to a minute (dashboard, list, stats).
    pub cache: Arc<Cache>,
}

impl AppState {
    /// Open the store of the config (creating or migrating it).
    pub fn open(config: Config) -> Result<AppState, WebError> {
        let store = Store::open(&config.db)?;
        AppState::with_pool(config, store)
    }

    /// A state on a store already open, with more connections to the same store (one per
    /// core, at most 4) when it is a file or a server.
    pub fn with_pool(config: Config, store: Store) -> Result<AppState, WebError> {
        let mut all = vec![Mutex::new(store)];
        if config.db != ":memory:" {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            for _ in 1..cores.clamp(1, 4) {
                all.push(Mutex::new(Store::open(&config.db)?));
            }
        }
        Ok(AppState::on(config, all))
    }

    /// A state on one connection to a store already open.
    pub fn with_store(config: Config, store: Store) -> AppState {
        AppState::on(config, vec![Mutex::new(store)])
    }

    fn on(config: Config, stores: Vec<Mutex<Store>>) -> AppState {
        AppState {
            config: Arc::new(config),
            stores: Arc::new(stores),
            next: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            sessions: Arc::new(Sessions::default()),
            limiter: Arc::new(LoginLimiter::default()),
            cache: Arc::new(Cache::default()),
        }
    }

    /// Run `f` on the store on a blocking thread.
    pub async fn db<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, WebError> + Send + 'static,
    {
        let stores = self.stores.clone();
        let start = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let n = stores.len().max(1);
            // A free connection if there is one, else wait for the next in turn. A panic
            // while a lock was held leaves the store as the last statement left it (each
            // write is one transaction): go on with it.
            let free = (0..n).find_map(|k| match stores.get((start + k) % n)?.try_lock() {
                Ok(g) => Some(g),
                Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => None,
            });
            let mut s = match free {
                Some(g) => g,
                None => stores
                    .get(start % n)
                    .ok_or_else(|| WebError::Internal("no store connection".into()))?
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            };
            f(&mut s)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
    }
}
