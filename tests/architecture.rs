//! The architecture, checked: the view registry is the only list of views, and the README's
//! table and the TypeScript union agree with it; every view has a spec fixture; the modules import
//! each other in one direction only (`docs/ARCHITECTURE.md` draws the layers).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::root;
use nhs_benchmark::views::{Family, VIEWS};
use std::collections::{BTreeMap, BTreeSet};

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn family(f: Family) -> &'static str {
    match f {
        Family::Indicator => "indicator",
        Family::Maturity => "maturity",
    }
}

#[test]
fn the_readme_views_table_is_the_registry() {
    let readme = read("README.md");
    let table = readme.split("<!-- views-table -->").nth(1).expect("a views table after its marker");
    let rows: Vec<(String, String, String)> = table
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].trim_matches('`').to_string(), cells[1].to_string(), cells[2].to_string())
        })
        .collect();
    let registry: Vec<(String, String, String)> = VIEWS
        .iter()
        .map(|v| (v.name.to_string(), family(v.family).to_string(), v.about.to_string()))
        .collect();
    assert_eq!(rows, registry, "README.md's views table and src/views.rs disagree");
}

#[test]
fn the_typescript_view_union_is_the_registry() {
    let dts = read("pkg/nhs-benchmark.d.ts");
    let union =
        dts.split("export type ViewName =").nth(1).expect("a ViewName union").split(';').next().unwrap();
    let names: Vec<&str> =
        union.split('|').map(|n| n.trim().trim_matches('\'')).filter(|n| !n.is_empty()).collect();
    let registry: Vec<&str> = VIEWS.iter().map(|v| v.name).collect();
    assert_eq!(names, registry, "pkg/nhs-benchmark.d.ts's ViewName and src/views.rs disagree");
}

#[test]
fn every_view_has_a_spec_fixture() {
    let dir = root().join("tests/fixtures/specs");
    let views: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).ok()?;
            let spec: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some(spec["view"].as_str().unwrap_or("ranked").to_string())
        })
        .collect();
    for v in VIEWS {
        assert!(views.contains(v.name), "no spec fixture in tests/fixtures/specs draws the {} view", v.name);
    }
}

#[test]
fn view_names_are_unique() {
    let names: BTreeSet<&str> = VIEWS.iter().map(|v| v.name).collect();
    assert_eq!(names.len(), VIEWS.len());
}

/// The top-level modules of `src/` each file belongs to, and the crate modules it imports.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let src = root().join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let module =
                relative.components().next().unwrap().as_os_str().to_string_lossy().replace(".rs", "");
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Tests inside a module may reach anywhere; only the module's own code counts.
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap()
                .lines()
                .map(|l| l.split("//").next().unwrap())
                .collect::<Vec<_>>()
                .join("\n");
            let used = graph.entry(module.clone()).or_default();
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module {
                    used.insert(name);
                }
            }
        }
    }
    graph
}

/// The layers, lowest first: a module may import only modules in lower layers.
const LAYERS: &[&[&str]] = &[
    &["error", "json", "order"],
    &["stats"],
    &["data"],
    &["benchmark"],
    &["maturity"],
    &["chart", "spec"],
    &["views"],
    &["workspace"],
    &["session"],
    &["web"],
];

fn layer(module: &str) -> usize {
    LAYERS.iter().position(|l| l.contains(&module)).unwrap_or_else(|| panic!("module {module} has no layer"))
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let mut problems = Vec::new();
    for (module, used) in imports() {
        for u in used {
            if layer(&u) >= layer(&module) {
                problems.push(format!("{module} imports {u}"));
            }
        }
    }
    assert!(problems.is_empty(), "imports against the layers of docs/ARCHITECTURE.md: {problems:?}");
}

#[test]
fn the_chart_layer_computes_no_statistics() {
    let graph = imports();
    assert!(
        !graph["chart"].contains("stats"),
        "chart/ imports stats: analysis belongs in benchmark/ or maturity/, which give the chart its model"
    );
}

/// Each function in `src/` (outside test modules) with its length in lines: from the line of
/// `fn` to the line of its closing brace, counting braces outside comments, strings and chars.
fn function_lengths() -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap();
                let file = path.strip_prefix(root()).unwrap().display().to_string();
                for (name, lines) in functions_in(&strip(code)) {
                    out.push((file.clone(), name, lines));
                }
            }
        }
    }
    out
}

/// `code` with comments, strings and char literals blanked (newlines kept), so braces count.
fn strip(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '\n' => out.push('\n'),
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('{', '\n') is at most a few characters and closes; a lifetime
                // ('a) does not close soon: keep it.
                let ahead: String = chars.clone().take(4).collect();
                match ahead.find('\'') {
                    Some(k) if k > 0 && !ahead[..k].contains(char::is_whitespace) => {
                        for _ in 0..=k {
                            chars.next();
                        }
                        out.push_str("' '");
                    }
                    _ => out.push(c),
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn functions_in(code: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = line.find("fn ") else { continue };
        let before = &line[..at];
        if !(before.trim().is_empty()
            || before.trim_end().ends_with(')')
            || before.trim_start().starts_with("pub")
            || before.trim_start().starts_with("const")
            || before.trim_start().starts_with("async"))
        {
            continue;
        }
        let name: String = line[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue;
        }
        let (mut depth, mut opened) = (0i32, false);
        'lines: for (j, l) in lines.iter().enumerate().skip(i) {
            for ch in l.chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened => break 'lines,
                    _ => {}
                }
                if opened && depth == 0 {
                    out.push((name.clone(), j - i + 1));
                    break 'lines;
                }
            }
        }
    }
    out
}

#[test]
fn no_function_is_over_150_lines_and_no_scene_builder_over_80() {
    let all = function_lengths();
    assert!(all.len() > 1000, "the scan found the functions: {}", all.len());
    let longest = all.iter().map(|f| f.2).max().unwrap_or(0);
    assert!(longest > 40, "the scan measures lengths (longest {longest})");

    let long: Vec<_> = all.iter().filter(|(_, _, n)| *n > 150).collect();
    assert!(long.is_empty(), "functions over 150 lines: {long:?}");
    let scenes: Vec<_> =
        all.iter().filter(|(f, name, n)| f.contains("src/chart/") && name == "scene" && *n > 80).collect();
    assert!(scenes.is_empty(), "scene builders over 80 lines: {scenes:?}");
}

/// Each `.rs` file under `src/` with its code before its test module, comments and strings blanked.
fn library_code() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let file = path.strip_prefix(root()).unwrap().display().to_string();
                out.push((file, strip(text.split("#[cfg(test)]").next().unwrap())));
            }
        }
    }
    out
}

/// A stable sort with its own comparator compiles its own 6 KB copy of the sort into the
/// WebAssembly; `crate::order` holds the one copy (unstable sorts, a tenth of the size, stay
/// where a hot kernel needs them).
#[test]
fn stable_sorts_go_through_the_one_sort_helper() {
    let files = library_code();
    assert!(files.iter().any(|(f, code)| f.ends_with("order.rs") && code.contains(".sort_by(")));
    let calls: Vec<String> = files
        .iter()
        .filter(|(f, _)| !f.ends_with("src/order.rs"))
        .flat_map(|(f, code)| {
            [".sort()", ".sort_by(", ".sort_by_key(", ".sort_by_cached_key("]
                .into_iter()
                .filter(|call| code.contains(call))
                .map(move |call| format!("{f}: {call}"))
        })
        .collect();
    assert!(calls.is_empty(), "stable sorts outside crate::order: {calls:?}");
}
