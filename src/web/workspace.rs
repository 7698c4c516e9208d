//! The page's workspace as JavaScript holds it: one per page, shared by every `<nhs-benchmark>`
//! element, so each set of files is parsed once however many charts show it.

use super::to_js;
use crate::data::LoadReport;
use crate::workspace::{FileBytes, Loader};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_WORKSPACE: &'static str = r#"
/** A file as the page hands it to the workspace: its role in the set, the URL it came from (part of the set's key), a name for messages, and its bytes as fetched (decoded in the core: UTF-8, or Windows-1252 with a warning) or its text. */
export interface SourceText { role: string; url: string; name: string; bytes?: Uint8Array; text?: string; }
/** One file a chart needs: its role, its URL as the spec gives it, and whether it ships with the package (then it is relative to the package, not the page). */
export interface SourceFile { role: string; url: string; bundled: boolean; }
/** The files one kind of data needs and how they are read. */
export interface SourceSet { need: "indicators" | "maturity" | "dma"; loader: "ae" | "tidy" | "fingertips" | "maturity" | "rtt" | "dma"; files: SourceFile[]; }
/** What a load did: rows read, used and skipped, and every diagnostic with its file, row and column. */
export interface LoadReport { rows_read: number; rows_used: number; rows_skipped: number; diagnostics: { severity: "error" | "warning"; file: string; row: number | null; column: string | null; message: string }[]; }
"#;

/// A file as JavaScript hands it over, its text as bytes.
struct FileIn {
    role: String,
    url: String,
    name: String,
    bytes: Vec<u8>,
}

/// Reads `[{role, url, name, bytes | text}]`; a missing field is a `TypeError` naming it.
fn files_in(files: &JsValue) -> Result<Vec<FileIn>, JsValue> {
    let type_error = |m: String| JsValue::from(js_sys::TypeError::new(&m));
    if !js_sys::Array::is_array(files) {
        return Err(type_error("files: expected an array of {role, url, name, bytes or text}".into()));
    }
    js_sys::Array::from(files)
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let get =
                |key: &str| js_sys::Reflect::get(&f, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
            let text = |key: &str| {
                get(key).as_string().ok_or_else(|| type_error(format!("files[{i}].{key}: expected a string")))
            };
            let bytes = match (get("bytes"), get("text").as_string()) {
                (b, _) if b.is_instance_of::<js_sys::Uint8Array>() => js_sys::Uint8Array::from(b).to_vec(),
                (_, Some(t)) => t.into_bytes(),
                _ => {
                    return Err(type_error(format!("files[{i}]: give its bytes (a Uint8Array) or its text")));
                }
            };
            Ok(FileIn { role: text("role")?, url: text("url")?, name: text("name")?, bytes })
        })
        .collect()
}

fn as_bytes(files: &[FileIn]) -> Vec<FileBytes<'_>> {
    files.iter().map(|f| FileBytes { role: &f.role, url: &f.url, name: &f.name, bytes: &f.bytes }).collect()
}

/// The page's loaded data.
#[wasm_bindgen(js_name = Workspace)]
#[derive(Default)]
pub struct PageWorkspace {
    inner: crate::workspace::Workspace,
}

#[wasm_bindgen(js_class = Workspace)]
impl PageWorkspace {
    #[wasm_bindgen(constructor)]
    pub fn new() -> PageWorkspace {
        PageWorkspace::default()
    }

    /// The key a set of files is loaded under: its loader and its files' URLs in order.
    pub fn key(loader: &str, urls: Vec<String>) -> Result<String, JsValue> {
        let loader = Loader::from_name(loader)?;
        Ok(crate::workspace::Workspace::key(loader, urls.iter().map(String::as_str)))
    }

    /// Whether the set with `key` is loaded.
    pub fn has(&self, key: &str) -> bool {
        self.inner.get(key).is_some()
    }

    /// Parses a set of fetched files (once: a set already loaded is not parsed again) and
    /// returns `{key, report}`.
    #[wasm_bindgen(unchecked_return_type = "{ key: string; report: LoadReport }")]
    pub fn load(
        &mut self,
        loader: &str,
        #[wasm_bindgen(unchecked_param_type = "SourceText[]")] files: JsValue,
    ) -> Result<JsValue, JsValue> {
        let loader = Loader::from_name(loader)?;
        let files = files_in(&files)?;
        let (key, report) = self.inner.load_bytes(loader, &as_bytes(&files))?;
        loaded(key, &report)
    }

    /// A trust's own maturity answers (`[{role: "own", url, name, text}]`) added to the loaded
    /// maturity set `base`, as a set of their own: returns `{key, report}`.
    #[wasm_bindgen(unchecked_return_type = "{ key: string; report: LoadReport }")]
    pub fn extend(
        &mut self,
        base: &str,
        #[wasm_bindgen(unchecked_param_type = "SourceText[]")] files: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = files_in(&files)?;
        let (key, report) = self.inner.extend(base, &as_bytes(&files))?;
        loaded(key, &report)
    }

    /// The load report of the set with `key`, or `null`.
    #[wasm_bindgen(unchecked_return_type = "LoadReport | null")]
    pub fn report(&self, key: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.report(key))
    }

    /// How many sets have been parsed (each once, however many charts use it).
    pub fn parses(&self) -> usize {
        self.inner.parses()
    }

    /// Forgets the set with `key` and every set of own answers added to it, so the next load of
    /// the same files fetches and parses them again (a reload after the files changed). Charts
    /// that hold the old data keep it until they load again. Returns how many sets were dropped.
    pub fn forget(&mut self, key: &str) -> usize {
        self.inner.forget(key)
    }

    /// Drops the sets no chart holds any more; returns how many.
    #[wasm_bindgen(js_name = releaseUnused)]
    pub fn release_unused(&mut self) -> usize {
        self.inner.release_unused()
    }
}

impl PageWorkspace {
    pub(crate) fn inner(&self) -> &crate::workspace::Workspace {
        &self.inner
    }
}

/// `{key, report}` for JavaScript.
fn loaded(key: String, report: &LoadReport) -> Result<JsValue, JsValue> {
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"key".into(), &key.into())?;
    js_sys::Reflect::set(&out, &"report".into(), &to_js(report)?)?;
    Ok(out.into())
}
