//! Aggregates over a selection (the dashboard, the report list, `/api/stats`) kept for a few
//! seconds. At 100,000 reports one costs 75–400 ms of the store's single connection, and a
//! room of reviewers opening the same year's dashboard would queue behind each other
//! (`scripts/bench-web.sh`: p95 6 s with 50 users before). One request per key computes,
//! the others wait for its answer (no stampede); an answer is at most [`TTL`] old, and
//! writes through the app clear the cache so their author sees them at once. Writes by
//! another process (a CLI ingest) show within [`TTL`].

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long an aggregate is served before it is computed again.
pub const TTL: Duration = Duration::from_secs(5);
/// Keys kept at most (years × regions × who may see what); beyond, the cache starts over.
const MAX_KEYS: usize = 512;

type Slot = Arc<tokio::sync::Mutex<Option<(Instant, Arc<dyn Any + Send + Sync>)>>>;

/// The cache. Cheap to share (`Arc` inside the app state).
#[derive(Default)]
pub struct Cache {
    slots: Mutex<HashMap<String, Slot>>,
}

impl Cache {
    /// The value of `key`, computed by `f` when absent or older than [`TTL`].
    pub async fn get_or<T, E, F, Fut>(&self, key: String, f: F) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            if slots.len() >= MAX_KEYS && !slots.contains_key(&key) {
                slots.clear();
            }
            slots.entry(key).or_default().clone()
        };
        let mut held = slot.lock().await;
        if let Some((at, v)) = held.as_ref()
            && at.elapsed() < TTL
            && let Ok(v) = Arc::clone(v).downcast::<T>()
        {
            return Ok(v);
        }
        let v = Arc::new(f().await?);
        *held = Some((Instant::now(), v.clone() as Arc<dyn Any + Send + Sync>));
        Ok(v)
    }

    /// Forget everything (after a write through the app).
    pub fn clear(&self) {
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn one_computation_per_key_until_cleared() {
        let c = Cache::default();
        let calls = AtomicUsize::new(0);
        let compute = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(7u32)
        };
        assert_eq!(*c.get_or("a".into(), compute).await.unwrap(), 7);
        assert_eq!(*c.get_or("a".into(), compute).await.unwrap(), 7);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(*c.get_or("b".into(), compute).await.unwrap(), 7);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        c.clear();
        c.get_or("a".into(), compute).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // An error is not kept.
        let failing = || async { Err::<u32, &str>("no") };
        assert!(c.get_or("c".into(), failing).await.is_err());
        assert_eq!(*c.get_or("c".into(), compute).await.unwrap(), 7);
    }
}
