//! A chart session: one chart's spec, the data it borrows from the page's workspace, its view's
//! model, the scene and the interaction state, as the custom element and the JavaScript API hold
//! it. The web shell owns a session and only adds the canvas and the DOM, so everything a chart
//! does between "data arrived" and "paint these marks" is tested here. The session knows no view
//! by name: the registry ([`crate::views`]) says what each view needs, computes and draws.

use crate::chart::interaction::{self, Effect, HitGrid, Input, Speak, State};
use crate::chart::layout::ViewOptions;
use crate::chart::scene::{Mark, Scene, Table};
use crate::chart::svg;
use crate::chart::text::TextMeasure;
use crate::chart::view::Words;

use crate::data::{LoadReport, MetricChoice, OrgChoice};
use crate::error::Error;
use crate::spec::{self, Spec};
use crate::views::{self, Attached, Family, Prepared, View};
use crate::workspace::{Loaded, SourceSet, Workspace};
use serde::Serialize;
use std::rc::Rc;

/// What the page needs to know after a render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rendered {
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub warnings: Vec<String>,
    pub items: usize,
    pub width: f64,
    pub height: f64,
}

/// One chart.
#[derive(Debug)]
pub struct Session {
    spec: Spec,
    view: &'static View,
    data: Attached,
    prepared: Option<Prepared>,
    scene: Option<(Scene, HitGrid)>,
    state: State,
}

impl Session {
    /// A session for a spec in JSON (empty for the defaults).
    pub fn new(spec_json: &str) -> Result<Self, Error> {
        Self::with_spec(spec::parse(spec_json)?)
    }

    /// A session for a parsed spec.
    pub fn with_spec(spec: Spec) -> Result<Self, Error> {
        let view = views::find(spec.view.as_deref())?;
        Ok(Self {
            spec,
            view,
            data: Attached::default(),
            prepared: None,
            scene: None,
            state: State::default(),
        })
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    pub fn view(&self) -> &'static View {
        self.view
    }

    /// Replaces the spec; the next [`Session::layout`] uses it. Data of the same kind stays
    /// attached, and selection is kept when the selected organisation is still shown.
    pub fn set_spec(&mut self, spec_json: &str) -> Result<(), Error> {
        let spec = spec::parse(spec_json)?;
        self.view = views::find(spec.view.as_deref())?;
        self.spec = spec;
        self.prepared = None;
        Ok(())
    }

    /// The files the spec's view needs, one set per kind of data, for the page to fetch.
    pub fn sources(&self) -> Result<Vec<SourceSet>, Error> {
        self.view
            .needs_for(&self.spec)
            .into_iter()
            .map(|need| SourceSet::for_spec(&self.spec, need))
            .collect()
    }

    /// Attaches loaded data (shared with the workspace; nothing is copied). Attaching the data
    /// already attached changes nothing, so a chart keeps its selection.
    pub fn attach(&mut self, loaded: &Loaded) {
        let same = match loaded {
            Loaded::Indicators(d) => self.data.indicators.as_ref().is_some_and(|a| Rc::ptr_eq(a, d)),
            Loaded::Maturity(m) => self.data.maturity.as_ref().is_some_and(|a| Rc::ptr_eq(a, m)),
            Loaded::Dma(r) => self.data.dma.as_ref().is_some_and(|a| Rc::ptr_eq(a, r)),
        };
        if same {
            return;
        }
        match loaded {
            Loaded::Indicators(d) => self.data.indicators = Some(d.clone()),
            Loaded::Maturity(m) => self.data.maturity = Some(m.clone()),
            Loaded::Dma(r) => self.data.dma = Some(r.clone()),
        }
        self.prepared = None;
        self.scene = None;
        self.state = State::default();
    }

    /// Attaches the workspace's data for `key`; false when the workspace has not loaded it.
    pub fn attach_key(&mut self, workspace: &Workspace, key: &str) -> bool {
        match workspace.get(key) {
            Some(loaded) => {
                self.attach(loaded);
                true
            }
            None => false,
        }
    }

    /// Whether every kind of data the view needs is attached: until then there is nothing to
    /// draw, and the page shows that it is loading rather than an error.
    pub fn has_data(&self) -> bool {
        self.view.needs_for(&self.spec).iter().all(|need| match need {
            views::Need::Indicators => self.data.indicators.is_some(),
            views::Need::Maturity => self.data.maturity.is_some(),
            views::Need::Dma => self.data.dma.is_some(),
        })
    }

    /// The organisations a focus picker lists, by name: those with a maturity assessment for a
    /// maturity view, otherwise the default population's organisations with data for the metric.
    pub fn organisations(&self) -> Vec<OrgChoice> {
        let needs = self.view.needs;
        if let (true, Some(r)) = (needs.contains(&views::Need::Dma), &self.data.dma) {
            // Published results beside an indicator set (maturity beside outcomes): the trusts
            // with a result in the chosen care setting; otherwise every trust with a result.
            if !needs.contains(&views::Need::Indicators) {
                return crate::maturity::dma_views::choices(r);
            }
            let setting = self
                .spec
                .outcomes_choice()
                .map(|c| c.setting)
                .unwrap_or(crate::maturity::dma_results::CareSetting::Acute);
            return crate::maturity::outcomes::organisations(r, setting);
        }
        match self.view.family {
            Family::Maturity => self.data.maturity.as_ref().map(|m| m.organisations()).unwrap_or_default(),
            Family::Indicator => self
                .data
                .indicators
                .as_ref()
                .map(|d| crate::benchmark::population::choices(d, self.spec.metric.as_deref()))
                .unwrap_or_default(),
        }
    }

    /// The metrics a picker lists (an indicator view's; a maturity view's RTT set is its outcome
    /// or its sizes, not a choice of metric).
    pub fn metrics(&self) -> Vec<MetricChoice> {
        if self.view.family != Family::Indicator {
            return Vec::new();
        }
        self.data
            .indicators
            .iter()
            .flat_map(|d| d.metrics.iter())
            .map(|m| MetricChoice { id: m.id.clone(), title: m.title.clone() })
            .collect()
    }

    fn prepare(&mut self) -> Result<&Prepared, Error> {
        if self.prepared.is_none() {
            self.prepared = Some(self.view.analyse(&self.spec, &self.data)?);
        }
        // Set just above when it was empty.
        self.prepared.as_ref().ok_or_else(Error::no_data)
    }

    /// The load report of the chart's data: the attached sets' reports, rows and diagnostics added
    /// up, then what the view's join of them leaves out (the trusts that do not join, by reason,
    /// counted and named) once the chart is laid out.
    pub fn report(&self) -> LoadReport {
        let reports = [
            self.data.indicators.as_ref().map(|d| &d.report),
            self.data.maturity.as_ref().map(|m| &m.report),
            self.data.dma.as_ref().map(|r| &r.report),
        ];
        let mut out = LoadReport::default();
        for r in reports.into_iter().flatten() {
            out.rows_read += r.rows_read;
            out.rows_used += r.rows_used;
            out.rows_skipped += r.rows_skipped;
            out.diagnostics.extend(r.diagnostics.iter().cloned());
        }
        out.diagnostics.extend(self.prepared.iter().flat_map(|p| p.diagnostics.iter().cloned()));
        out
    }

    /// Lays the chart out at `width` x `height` CSS pixels (the spec's size when it gives one).
    pub fn layout(&mut self, width: f64, height: f64, measure: &dyn TextMeasure) -> Result<Rendered, Error> {
        if !self.has_data() {
            return Err(Error::no_data());
        }
        let view = ViewOptions {
            width: self.spec.width.unwrap_or(width),
            height: self.spec.height.unwrap_or(height),
            title: self.spec.title.clone(),
            source: String::new(),
        };
        let scene = self.prepare()?.scene(&view, measure);
        Ok(self.show(scene))
    }

    /// Makes `scene` the current one, keeping focus and selection on the same items.
    fn show(&mut self, scene: Scene) -> Rendered {
        let previous = self.scene.as_ref().map(|(s, _)| {
            let key = |i: Option<usize>| i.and_then(|i| s.items.get(i)).map(|it| it.key.clone());
            (key(self.state.focus), key(self.state.selected))
        });
        let grid = HitGrid::new(&scene);
        let find = |k: Option<String>| k.and_then(|k| scene.items.iter().position(|it| it.key == k));
        let (focus, selected) = match previous {
            Some((f, s)) => (find(f), find(s)),
            None => (None, None),
        };
        self.state = State { hover: None, focus, selected, dismissed: false };
        let rendered = Rendered {
            title: scene.title.clone(),
            subtitle: scene.subtitle.clone(),
            description: scene.description.clone(),
            warnings: scene.warnings.clone(),
            items: scene.items.len(),
            width: scene.width,
            height: scene.height,
        };
        self.scene = Some((scene, grid));
        rendered
    }

    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref().map(|(s, _)| s)
    }

    /// Feeds an input through the interaction state machine, and puts the item it announces
    /// into words.
    pub fn input(&mut self, input: Input) -> Effect {
        let Some((scene, grid)) = &self.scene else {
            return Effect::default();
        };
        let (state, mut effect) = interaction::next(self.state, input, scene, grid);
        self.state = state;
        effect.announce = effect.speak.map(|speak| match speak {
            Speak::Item(i) => self.words(i).summary,
            Speak::Selected(i) => format!("Selected {}", self.words(i).summary),
        });
        effect
    }

    /// The words of item `index` of the current scene: its tooltip and spoken summary.
    pub fn words(&self, index: usize) -> Words {
        match (&self.scene, &self.prepared) {
            (Some((scene, _)), Some(p)) if index < scene.items.len() => p.words(scene, index),
            _ => Words::default(),
        }
    }

    /// The current chart's data as a table.
    pub fn table(&self) -> Option<Table> {
        match (&self.scene, &self.prepared) {
            (Some((scene, _)), Some(p)) => Some(p.table(scene)),
            _ => None,
        }
    }

    /// Selects the item with `key` (another view selected it); false when this chart lacks it.
    pub fn select_key(&mut self, key: &str) -> bool {
        let Some((scene, _)) = &self.scene else {
            return false;
        };
        let found = scene.items.iter().position(|it| it.key.eq_ignore_ascii_case(key));
        self.state.selected = found;
        found.is_some()
    }

    pub fn state(&self) -> State {
        self.state
    }

    /// Marks for the overlay: the selected, hovered and focused items' highlights.
    pub fn overlay(&self) -> Vec<Mark> {
        let Some((scene, _)) = &self.scene else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = Vec::new();
        for i in [self.state.selected, self.state.hover, self.state.focus].into_iter().flatten() {
            if !seen.contains(&i)
                && let Some(item) = scene.items.get(i)
            {
                seen.push(i);
                out.extend(item.highlight.marks(item.anchor));
            }
        }
        out
    }

    /// The spec as JSON with the data's resolved choices written in: the recipe that re-creates
    /// the chart.
    pub fn recipe(&self) -> String {
        let spec = self.prepared.as_ref().map_or(&self.spec, |p| &p.recipe);
        crate::json::to_string(spec)
    }

    /// The chart as a standalone SVG with its recipe.
    pub fn svg(&self) -> Option<String> {
        self.scene().map(|s| svg::render(s, Some(&self.recipe())))
    }

    /// The chart's data as CSV.
    pub fn csv(&self) -> Option<String> {
        self.table().map(|t| t.to_csv())
    }
}
