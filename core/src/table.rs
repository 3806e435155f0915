//! The learner store's table of cells. Small tables live in a `Vec`; on Linux, a table past
//! [`LARGE`] bytes moves to an anonymous mapping advised to use transparent huge pages: a
//! replay lands on random learners' rows, and with 4 KiB pages nearly every access also
//! misses the TLB (measured: replay of 20M responses onto 1M x 100 cells, 16.0M/s with 4 KiB
//! pages, 19.7M/s with huge pages).

use std::ops::{Deref, DerefMut};

/// Bytes from which a table is mapped with huge pages (one huge page's worth).
#[cfg(target_os = "linux")]
const LARGE: usize = 2 << 20;

/// A growable table of `T`, contiguous like a `Vec`.
pub(crate) struct Table<T: bytemuck::Pod> {
    small: Vec<T>,
    /// The mapping, the elements in use, and how many were ever written (all bytes past
    /// those are still the mapping's zeros).
    #[cfg(target_os = "linux")]
    large: Option<(memmap2::MmapMut, usize, usize)>,
}

impl<T: bytemuck::Pod> Table<T> {
    /// An empty table.
    pub fn new() -> Self {
        Table {
            small: Vec::new(),
            #[cfg(target_os = "linux")]
            large: None,
        }
    }

    /// Room for `additional` more elements without moving.
    pub fn reserve(&mut self, additional: usize) {
        let need = self.len() + additional;
        #[cfg(target_os = "linux")]
        if self.large.is_some() || need * size_of::<T>() >= LARGE {
            if self.large.is_none() || need > self.capacity() {
                self.move_to_mapping(need.max(self.capacity() * 2));
            }
            if self.large.is_some() {
                return;
            }
        }
        self.small.reserve(need.saturating_sub(self.small.len()));
    }

    /// Grows (or shrinks) to `len` elements, new ones set to `fill`.
    pub fn resize(&mut self, len: usize, fill: T) {
        #[cfg(target_os = "linux")]
        {
            if len > self.len() {
                self.reserve(len - self.len());
            }
            if let Some((map, used, written)) = &mut self.large {
                let cells: &mut [T] = bytemuck::cast_slice_mut(&mut map[..]);
                if len > *used {
                    // Past `written` the mapping is still zero: a zero fill is already there.
                    let zero = bytemuck::bytes_of(&fill).iter().all(|&b| b == 0);
                    let end = if zero { len.min(*written) } else { len };
                    if end > *used {
                        cells[*used..end].fill(fill);
                    }
                    *written = (*written).max(len);
                }
                *used = len;
                return;
            }
        }
        self.small.resize(len, fill);
    }

    /// Appends one element.
    pub fn push(&mut self, value: T) {
        self.resize(self.len() + 1, value);
    }

    /// Appends a copy of `values`.
    pub fn extend_from_slice(&mut self, values: &[T]) {
        self.reserve(values.len());
        #[cfg(target_os = "linux")]
        if self.large.is_some() {
            if let Some(&first) = values.first() {
                let len = self.len();
                self.resize(len + values.len(), first);
                self[len..].copy_from_slice(values);
            }
            return;
        }
        self.small.extend_from_slice(values);
    }

    #[cfg(target_os = "linux")]
    fn capacity(&self) -> usize {
        match &self.large {
            Some((map, _, _)) => map.len() / size_of::<T>(),
            None => self.small.capacity(),
        }
    }

    /// Moves the elements into a fresh mapping of `capacity` elements advised for huge pages.
    /// Falls back to the `Vec` if the system refuses the mapping.
    #[cfg(target_os = "linux")]
    fn move_to_mapping(&mut self, capacity: usize) {
        let Ok(mut map) = memmap2::MmapMut::map_anon(capacity * size_of::<T>()) else {
            let mut all = self.to_vec();
            all.reserve(capacity - all.len());
            (self.small, self.large) = (all, None);
            return;
        };
        // Advice only: without transparent huge pages the mapping works the same.
        let _ = map.advise(memmap2::Advice::HugePage);
        let len = self.len();
        let cells: &mut [T] = bytemuck::cast_slice_mut(&mut map[..]);
        cells[..len].copy_from_slice(self);
        self.small = Vec::new();
        self.large = Some((map, len, len));
    }
}

impl<T: bytemuck::Pod> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

impl<T: bytemuck::Pod> Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        #[cfg(target_os = "linux")]
        if let Some((map, used, _)) = &self.large {
            return &bytemuck::cast_slice(&map[..])[..*used];
        }
        &self.small
    }
}

impl<T: bytemuck::Pod> DerefMut for Table<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        #[cfg(target_os = "linux")]
        if let Some((map, used, _)) = &mut self.large {
            return &mut bytemuck::cast_slice_mut(&mut map[..])[..*used];
        }
        &mut self.small
    }
}

impl<T: bytemuck::Pod> Clone for Table<T> {
    fn clone(&self) -> Self {
        let mut out = Table::new();
        out.reserve(self.len());
        if let Some(&first) = self.first() {
            out.resize(self.len(), first);
            out.copy_from_slice(self);
        }
        out
    }
}

impl<T: bytemuck::Pod + PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}

impl<T: bytemuck::Pod + std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("len", &self.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_vec_across_the_move_to_a_mapping() {
        let mut t: Table<[u64; 2]> = Table::new();
        let mut v: Vec<[u64; 2]> = Vec::new();
        // Past the threshold (2 MiB = 131,072 elements of 16 bytes) in uneven steps.
        for step in 0..40u64 {
            let len = t.len() + 5_000 + step as usize * 17;
            t.resize(len, [step, !step]);
            v.resize(len, [step, !step]);
            let k = (step as usize * 7_919) % len;
            t[k][0] += 1;
            v[k][0] += 1;
        }
        assert_eq!(t[..], v[..]);
        let copy = t.clone();
        assert_eq!(copy, t);
        t.reserve(1_000_000);
        assert_eq!(t[..], v[..]);
        t.resize(10, [0, 0]);
        assert_eq!(t[..], v[..10]);
        // Growing again with zeros: what was written before must be cleared, what never was
        // is zero already.
        v.truncate(10);
        t.resize(2_000_000, [0, 0]);
        v.resize(2_000_000, [0, 0]);
        assert_eq!(t[..], v[..]);
        t.resize(2_000_100, [7, 7]);
        v.resize(2_000_100, [7, 7]);
        assert_eq!(t[..], v[..]);
    }
}
