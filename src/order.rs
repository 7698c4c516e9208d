//! Sorting through one copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over its comparator, so every call site with its own closure
//! compiles its own copy of the sort: about 6 KB of WebAssembly each, 218 KB across the crate
//! before these helpers (twiggy on the release build). Here the comparison is a `&dyn Fn` over
//! positions, so the sort is compiled once; the items are then moved into place by a small
//! permutation. A dynamic call per comparison costs well under a millisecond at 20,000 items.

use std::cmp::Ordering;

/// The positions `0..len` in the stable order `cmp` gives them. The only instantiation of the
/// stable sort in the crate.
#[inline(never)]
pub fn positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `items` stably by `cmp`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by a key, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably by their own order, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts numbers ascending by `f64::total_cmp` (NaN last, -0 before +0).
#[inline(never)]
pub fn sort_floats(values: &mut [f64]) {
    values.sort_unstable_by(f64::total_cmp);
}

/// Puts `items[order[k]]` at position `k`, following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            // A position that already holds its item marks a cycle done.
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_keeps_equal_items_in_their_original_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, vec![(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn sort_by_agrees_with_the_standard_library_on_every_permutation_of_six() {
        let mut base = [0u8, 1, 2, 3, 4, 5];
        let mut count = 0;
        permutations(&mut base, 0, &mut |p| {
            let mut ours: Vec<(u8, usize)> = p.iter().enumerate().map(|(i, &v)| (v / 2, i)).collect();
            let mut theirs = ours.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            theirs.sort_by_key(|a| a.0);
            assert_eq!(ours, theirs, "from {p:?}");
            count += 1;
        });
        assert_eq!(count, 720);
    }

    fn permutations(items: &mut [u8; 6], k: usize, visit: &mut dyn FnMut(&[u8; 6])) {
        if k == items.len() {
            return visit(items);
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, visit);
            items.swap(k, i);
        }
    }

    #[test]
    fn sort_by_key_and_sort_order_strings_as_the_standard_library_does() {
        let mut names = vec!["Leeds", "Barts", "York", "Aintree", "Barts"];
        sort(&mut names);
        assert_eq!(names, ["Aintree", "Barts", "Barts", "Leeds", "York"]);
        sort_by_key(&mut names, |n| n.len());
        assert_eq!(names, ["York", "Barts", "Barts", "Leeds", "Aintree"]);
    }

    #[test]
    fn sort_floats_puts_nan_last_and_negative_zero_first() {
        let mut v = [3.0, f64::NAN, -0.0, 0.0, -1.5];
        sort_floats(&mut v);
        assert_eq!(&v[..3], &[-1.5, -0.0, 0.0]);
        assert!(v[0] == -1.5 && v[1].is_sign_negative() && v[2].is_sign_positive());
        assert_eq!(v[3], 3.0);
        assert!(v[4].is_nan());
    }
}
