//! Panics reported, not lost. On wasm32 a panic aborts: the module traps (`unreachable`), the
//! JavaScript caller gets a bare `RuntimeError`, and the instance is left unsafe to use (its
//! stack pointer is never restored, so after a few hundred traps every call fails with "memory
//! access out of bounds"). The element must therefore drop the instance and make a new one (the
//! package is built with wasm-bindgen's `--experimental-reset-state-function`, whose
//! `__wbg_reset_state` instantiates the compiled module afresh; `pkg/nhs-benchmark.js` counts the
//! instances and never calls an object of an earlier one); this module lets it say why. A panic hook, installed when the module starts, writes the panic's
//! message and location into a fixed buffer; `lastPanic()` returns it (and clears it).
//!
//! The hook runs in a module that is about to trap, so it allocates nothing (a fixed 1 KiB
//! buffer, formatted into in place and cut at a character boundary), never blocks (`try_lock`)
//! and cannot panic itself.
//!
//! `__panicForTest()` panics on purpose so tests can prove the report and the element's
//! recovery. It is always exported (hidden from the docs and the TypeScript types) rather than
//! behind a cargo feature: the end-to-end tests then exercise the very package that ships, with
//! no second release build, and calling it does no more harm than any bug would.

use std::fmt::{self, Write};
use std::sync::{Mutex, TryLockError};
use wasm_bindgen::prelude::*;

/// The most bytes of a panic message kept.
const CAPACITY: usize = 1024;

/// The last panic's message, in a buffer that needs no allocation to fill.
struct Message {
    bytes: [u8; CAPACITY],
    len: usize,
    set: bool,
}

impl Write for Message {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = CAPACITY - self.len;
        let mut take = s.len().min(room);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

static LAST: Mutex<Message> = Mutex::new(Message { bytes: [0; CAPACITY], len: 0, set: false });

fn record(info: &std::panic::PanicHookInfo<'_>) {
    let mut last = match LAST.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::Poisoned(p)) => p.into_inner(),
        // Only if reading the message panicked: keep what is there rather than wait forever.
        Err(TryLockError::WouldBlock) => return,
    };
    last.len = 0;
    last.set = true;
    // `PanicHookInfo` formats as "panicked at FILE:LINE:COLUMN:\nMESSAGE" without allocating.
    let _ = write!(last, "{info}");
}

/// Installs the panic hook in front of whatever hook is there (which still runs after it, so a
/// page's own reporting is kept). Runs when the module starts; call it again only if something
/// replaced the hook since (a test harness does).
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        record(info);
        previous(info);
    }));
}

#[wasm_bindgen(start)]
fn start() {
    install();
}

/// The message and location of the last panic, or `undefined` if there was none since the last
/// call. After a panic the module must be instantiated afresh: this is for saying why.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    let mut last = match LAST.lock() {
        Ok(guard) => guard,
        Err(p) => p.into_inner(),
    };
    if !last.set {
        return None;
    }
    last.set = false;
    let text = String::from_utf8_lossy(&last.bytes[..last.len]).into_owned();
    last.len = 0;
    Some(text)
}

/// Panics on purpose, for tests of the panic report and the element's recovery. No arguments,
/// so a test can call the raw export without knowing how strings cross the boundary.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTest, skip_typescript)]
pub fn panic_for_test() {
    let answer = std::hint::black_box(42);
    panic!("deliberate panic for a test ({answer})");
}
