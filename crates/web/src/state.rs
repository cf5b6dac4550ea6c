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
    store: Arc<Mutex<Store>>,
    /// Logged-in sessions.
    pub sessions: Arc<Sessions>,
    /// Failed logins.
    pub limiter: Arc<LoginLimiter>,
    /// Aggregates served for a few seconds (dashboard, list, stats).
    pub cache: Arc<Cache>,
}

impl AppState {
    /// Open the store of the config (creating or migrating it).
    pub fn open(config: Config) -> Result<AppState, WebError> {
        let store = Store::open(&config.db)?;
        Ok(AppState::with_store(config, store))
    }

    /// A state on a store already open.
    pub fn with_store(config: Config, store: Store) -> AppState {
        AppState {
            config: Arc::new(config),
            store: Arc::new(Mutex::new(store)),
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
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while the lock was held leaves the store as the last statement left
            // it (each write is one transaction): go on with it.
            let mut s = store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut s)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
    }
}
