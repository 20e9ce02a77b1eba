//! Strict reading of the id-keyed parts of a project file.
//!
//! serde fills a map entry by entry, so a second entry with the same id silently replaces the
//! first, and the next save makes the loss permanent. These helpers refuse a repeated id (or
//! a repeated construct or domain key) while the parser still knows where it is, so the
//! error carries the line of the repeated entry.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

/// A map keyed by id in which every id appears once.
struct UniqueMap<V> {
    what: &'static str,
    marker: PhantomData<V>,
}

impl<'de, V: de::Deserialize<'de>> Visitor<'de> for UniqueMap<V> {
    type Value = BTreeMap<u32, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a map of {}s by id", self.what)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = BTreeMap::new();
        while let Some(id) = access.next_key::<u32>()? {
            if map.contains_key(&id) {
                return Err(de::Error::custom(format!("{} id {id} appears twice", self.what)));
            }
            let value = access.next_value()?;
            map.insert(id, value);
        }
        Ok(map)
    }
}

fn unique_map<'de, D: Deserializer<'de>, V: de::Deserialize<'de>>(
    d: D,
    what: &'static str,
) -> Result<BTreeMap<u32, V>, D::Error> {
    d.deserialize_map(UniqueMap { what, marker: PhantomData })
}

/// `studies`: refuses a repeated study id.
pub(super) fn studies<'de, D: Deserializer<'de>, V: de::Deserialize<'de>>(d: D) -> Result<BTreeMap<u32, V>, D::Error> {
    unique_map(d, "study")
}

/// `documents`: refuses a repeated document id.
pub(super) fn documents<'de, D: Deserializer<'de>, V: de::Deserialize<'de>>(
    d: D,
) -> Result<BTreeMap<u32, V>, D::Error> {
    unique_map(d, "document")
}

/// `codings`: refuses a repeated coding id.
pub(super) fn codings<'de, D: Deserializer<'de>, V: de::Deserialize<'de>>(d: D) -> Result<BTreeMap<u32, V>, D::Error> {
    unique_map(d, "coding")
}

/// An entry of a list whose entries are named by a key that must be unique.
pub(super) trait Keyed {
    /// What an entry is called in messages ("construct").
    const WHAT: &'static str;
    /// The entry's key.
    fn key(&self) -> &str;
}

struct UniqueSeq<T>(PhantomData<T>);

impl<'de, T: de::Deserialize<'de> + Keyed> Visitor<'de> for UniqueSeq<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}s", T::WHAT)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        while let Some(item) = access.next_element::<T>()? {
            if !seen.insert(item.key().to_owned()) {
                return Err(de::Error::custom(format!("{} key `{}` appears twice", T::WHAT, item.key())));
            }
            out.push(item);
        }
        Ok(out)
    }
}

/// A list of constructs or domains in which every key appears once.
pub(super) fn unique_keys<'de, D: Deserializer<'de>, T: de::Deserialize<'de> + Keyed>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(UniqueSeq(PhantomData))
}

/// `imported`: refuses a repeated id of a passage coded with an imported code.
pub(super) fn imported<'de, D: Deserializer<'de>, V: de::Deserialize<'de>>(d: D) -> Result<BTreeMap<u32, V>, D::Error> {
    unique_map(d, "imported coding")
}
