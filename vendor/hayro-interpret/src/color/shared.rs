//! BeFITS Coder patch: colour transforms built from ICC profiles, shared by the threads of
//! the process and kept for the next documents.
//!
//! Building a transform can cost milliseconds: a profile made of lookup tables is sampled
//! at every point of a 33x33x33 grid (6-7 ms for the one in the SSM Population Health
//! article of the shared corpus). Each drawing thread built its own, for every document,
//! in its own cache. Now a thread that needs a profile another thread is building waits
//! for it, and the transforms are kept for the documents that follow: the articles of a
//! review come from a few publishers, which embed the same profiles.
//!
//! At most [`MAX_KEPT`] are kept, the one used longest ago dropped first, each built from
//! a profile of at most [`MAX_PROFILE_BYTES`] (a longer one is built for each use, as
//! before), so a file carrying thousands of profiles cannot make the process hold more.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// How many transforms are kept.
pub(crate) const MAX_KEPT: usize = 8;

/// The longest profile whose transform is kept.
pub(crate) const MAX_PROFILE_BYTES: usize = 1 << 20;

struct Kept<T> {
    profile: Box<[u8]>,
    components: usize,
    built: Arc<OnceLock<T>>,
}

/// What was built from a profile (with its number of components), kept for every thread.
pub(crate) struct SharedBuilds<T> {
    kept: Mutex<VecDeque<Kept<T>>>,
}

impl<T: Clone> SharedBuilds<T> {
    pub(crate) const fn new() -> Self {
        Self { kept: Mutex::new(VecDeque::new()) }
    }

    /// What `build` makes of `profile`, built once while it is kept: a thread asking
    /// while another builds it waits for that build.
    pub(crate) fn get_or_build(&self, profile: &[u8], components: usize, build: impl FnOnce() -> T) -> T {
        if profile.len() > MAX_PROFILE_BYTES {
            return build();
        }
        let built = {
            // Nothing in here can panic while the lock is held, but a poisoned lock
            // holds a usable list all the same.
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            let found = kept.iter().position(|k| k.components == components && *k.profile == *profile);
            let entry = match found.and_then(|i| kept.remove(i)) {
                Some(entry) => entry,
                None => {
                    if kept.len() >= MAX_KEPT {
                        kept.pop_front();
                    }
                    Kept { profile: profile.into(), components, built: Arc::new(OnceLock::new()) }
                }
            };
            let built = entry.built.clone();
            // The most recently used last.
            kept.push_back(entry);
            built
        };
        built.get_or_init(build).clone()
    }
}
