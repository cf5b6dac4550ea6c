//! Aggregates over a selection (the dashboard, the report list, `/api/stats`), kept for a
//! minute. At 100,000 reports one dashboard costs about a second of a store connection, and a
//! room of reviewers opening the same year's dashboard would queue behind each other
//! (`scripts/bench-web.sh`: p95 6 s with 50 users before). The first request for a key
//! computes and the others wait for it (no stampede); once an answer is older than [`TTL`],
//! one request computes it again while the others are still served the previous answer.
//! Writes through the app clear the cache, so their author sees them at once; writes by
//! another process (a CLI ingest) show within [`TTL`].

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long an aggregate is served before it is computed again.
pub const TTL: Duration = Duration::from_secs(60);
/// Keys kept at most (years × regions × who may see what); beyond, the cache starts over.
const MAX_KEYS: usize = 512;

type Value = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
struct Slot {
    value: Mutex<Option<(Instant, Value)>>,
    /// Held by the request computing this key.
    computing: tokio::sync::Mutex<()>,
}

impl Slot {
    fn get<T: Send + Sync + 'static>(&self) -> Option<(bool, Arc<T>)> {
        let v = self.value.lock().unwrap_or_else(PoisonError::into_inner);
        let (at, v) = v.as_ref()?;
        let fresh = at.elapsed() < TTL;
        Arc::clone(v).downcast::<T>().ok().map(|v| (fresh, v))
    }

    fn put<T: Send + Sync + 'static>(&self, v: &Arc<T>) {
        *self.value.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), Arc::clone(v) as Value));
    }
}

/// The cache. Cheap to share (`Arc` inside the app state).
#[derive(Default)]
pub struct Cache {
    slots: Mutex<HashMap<String, Arc<Slot>>>,
}

impl Cache {
    /// The value of `key`, computed by `f` when absent; when older than [`TTL`], computed by
    /// this request unless another is already at it (then the older value is returned).
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
            Arc::clone(slots.entry(key).or_default())
        };
        let _computing = match slot.get::<T>() {
            Some((true, v)) => return Ok(v),
            Some((false, stale)) => match slot.computing.try_lock() {
                Ok(g) => g,
                Err(_) => return Ok(stale),
            },
            None => {
                let g = slot.computing.lock().await;
                // Computed while this request waited.
                if let Some((true, v)) = slot.get::<T>() {
                    return Ok(v);
                }
                g
            }
        };
        let v = Arc::new(f().await?);
        slot.put(&v);
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
