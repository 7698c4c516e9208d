//! A chart session: one chart's spec, data, scene and interaction state, as the custom element and
//! the JavaScript API hold it. The web shell owns a session and only adds the canvas and the DOM,
//! so everything a chart does between "data arrived" and "paint these marks" is tested here.

use super::funnel_view;
use super::interaction::{self, Effect, HitGrid, Input, State};
use super::layout::ViewOptions;
use super::ranked::{self, RankedOptions};
use super::scene::{Mark, Scene};
use super::svg;
use super::text::TextMeasure;
use super::{distribution_view, opportunity_view, prepare, spc_view, spine_view};
use crate::benchmark::compare::{PeerComparison, compare_resolved};
use crate::benchmark::opportunity::{WhatIf, what_if};
use crate::benchmark::peers::{self, PeerGroupSpec};
use crate::benchmark::ranking::{self, Ranking, RankingError};
use crate::benchmark::spine::{Spine, spine};
use crate::benchmark::{BenchmarkError, NoticeCode};
use crate::data::{Dataset, LoadError, LoadReport, ae};
use crate::spec::{self, Resolved, Spec, SpecError, View};
use crate::stats::rank::RankOptions;
use serde::Serialize;
use std::fmt;

/// Why a chart cannot be drawn, in words for the person looking at the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ChartError {
    Spec(SpecError),
    Data(LoadError),
    Analysis { message: String },
    NoData,
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Spec(e) => write!(f, "{e}"),
            ChartError::Data(e) => write!(f, "{e}"),
            ChartError::Analysis { message } => f.write_str(message),
            ChartError::NoData => f.write_str("no data has been loaded yet"),
        }
    }
}

impl std::error::Error for ChartError {}

impl From<SpecError> for ChartError {
    fn from(e: SpecError) -> Self {
        ChartError::Spec(e)
    }
}

impl From<BenchmarkError> for ChartError {
    fn from(e: BenchmarkError) -> Self {
        ChartError::Analysis { message: e.to_string() }
    }
}

impl From<RankingError> for ChartError {
    fn from(e: RankingError) -> Self {
        ChartError::Analysis { message: e.0 }
    }
}

/// An organisation as a picker lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgChoice {
    pub code: String,
    pub name: String,
}

/// A metric as a picker lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricChoice {
    pub id: String,
    pub title: String,
}

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

/// The analysis behind the current view.
#[derive(Debug)]
enum ViewData {
    Ranked(Ranking),
    Funnel(funnel_view::FunnelInput, crate::stats::funnel::ProportionFunnel),
    Distribution(distribution_view::DistributionInput),
    Spc(Box<spc_view::SpcInput>, usize),
    Spine(Box<Spine>),
    Opportunity(Option<WhatIf>),
}

#[derive(Debug)]
struct Analysed {
    resolved: Resolved,
    comparison: PeerComparison,
    view: ViewData,
    /// Whether the focus's quartile or significance changes with the peer group, in a sentence.
    sensitivity: Option<String>,
}

#[derive(Debug, Default)]
pub struct Session {
    spec: Spec,
    data: Option<Dataset>,
    maturity: Option<super::maturity_data::MaturityData>,
    analysed: Option<Analysed>,
    scene: Option<(Scene, HitGrid)>,
    state: State,
}

/// Repeats the comparison for the standard peer groups the data supports (the default group, the
/// same region, the exemplars, and the spec's own) and says whether the focus's quartile or
/// significance changes between them. `None` when there is only one group to compare.
fn sensitivity_sentence(data: &Dataset, r: &Resolved, focus: &str) -> Option<String> {
    use crate::benchmark::compare::{ComparisonRequest, sensitivity};
    use crate::benchmark::peers::{Condition, EXEMPLARS};
    let mut groups = vec![spec::default_peers_for(data)];
    let mut add = |g: PeerGroupSpec| {
        if !groups.contains(&g) {
            groups.push(g);
        }
    };
    add(r.peers.clone());
    if data.organisations.iter().any(|o| o.attributes.contains_key("region")) {
        let mut conditions = match spec::default_peers_for(data) {
            PeerGroupSpec::Filter { conditions } => conditions,
            _ => Vec::new(),
        };
        conditions.push(Condition::SameAsFocus { attribute: "region".into() });
        add(PeerGroupSpec::Filter { conditions });
    }
    if EXEMPLARS.iter().any(|(code, _)| data.organisation_index(code).is_some()) {
        add(PeerGroupSpec::Exemplars {});
    }
    if groups.len() < 2 {
        return None;
    }
    let request = ComparisonRequest {
        focus: focus.to_string(),
        metric: data.metrics[r.metric].id.clone(),
        from: data.periods.get(r.from).cloned(),
        to: data.periods.get(r.to).cloned(),
        peers: r.peers.clone(),
        benchmark: r.benchmark.clone(),
        rank: None,
    };
    sensitivity(data, &request, &groups).ok().map(|s| format!("Sensitivity: {}", s.summary))
}

/// What the data's organisations are, in the plural: "NHS trusts" for the bundled data.
fn population_of(data: &Dataset) -> String {
    if data.organisations.iter().any(spec::is_nhs_trust) {
        "NHS trusts".into()
    } else {
        "organisations".into()
    }
}

/// What the ranked organisations are, in the plural, for titles: "NHS trusts" for the default
/// group, the group's own label otherwise.
fn population_words(peers: &PeerGroupSpec) -> String {
    if *peers == spec::default_peers() {
        return "NHS trusts".into();
    }
    match peers {
        PeerGroupSpec::Exemplars {} => "Global Digital Exemplars".into(),
        PeerGroupSpec::All {} => "organisations".into(),
        PeerGroupSpec::Nearest { k, .. } => format!("trusts (the focus and its {k} nearest neighbours)"),
        other => format!("organisations ({})", other.label()),
    }
}

impl Session {
    /// A session for a spec in JSON (empty for the defaults).
    pub fn new(spec_json: &str) -> Result<Self, ChartError> {
        Ok(Self { spec: spec::parse(spec_json)?, ..Self::default() })
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Replaces the spec; the next [`Session::layout`] uses it. Selection is kept when the
    /// selected organisation is still shown.
    pub fn set_spec(&mut self, spec_json: &str) -> Result<(), ChartError> {
        self.spec = spec::parse(spec_json)?;
        self.analysed = None;
        self.scene = None;
        Ok(())
    }

    /// Loads the A&E attendances file and the ODS trust list.
    pub fn load_ae(
        &mut self,
        ae_file: &str,
        ae_text: &str,
        ods_file: &str,
        ods_text: &str,
    ) -> Result<LoadReport, ChartError> {
        let data = ae::load(ae_file, ae_text, ods_file, ods_text).map_err(ChartError::Data)?;
        Ok(self.use_data(data))
    }

    /// Loads data in the tidy format: observations, optional organisation attributes and metric
    /// metadata, each CSV or JSON by its name (see `www/data/templates/`).
    pub fn load_tidy(
        &mut self,
        observations: (&str, &str),
        organisations: Option<(&str, &str)>,
        metrics: (&str, &str),
    ) -> Result<LoadReport, ChartError> {
        use crate::data::tidy::{Input, load};
        let data = load(
            Input::detect(observations.0, observations.1),
            organisations.map(|(n, t)| Input::detect(n, t)),
            Input::detect(metrics.0, metrics.1),
            &mut |_, _| {},
        )
        .map_err(ChartError::Data)?;
        Ok(self.use_data(data))
    }

    /// Loads a Fingertips "all data" CSV export as it comes.
    pub fn load_fingertips(&mut self, file: &str, text: &str) -> Result<LoadReport, ChartError> {
        let data =
            crate::data::fingertips::load(file, text, &[], &mut |_, _| {}).map_err(ChartError::Data)?;
        Ok(self.use_data(data))
    }

    fn use_data(&mut self, data: Dataset) -> LoadReport {
        let report = data.report.clone();
        self.data = Some(data);
        self.analysed = None;
        self.scene = None;
        self.state = State::default();
        report
    }

    /// Loads digital maturity answers (the CSV template or JSON), the ODS trust list, and
    /// optionally a framework file of the user's own.
    pub fn load_maturity(
        &mut self,
        assessments_file: &str,
        assessments_text: &str,
        ods_file: &str,
        ods_text: &str,
        framework: Option<(&str, &str)>,
    ) -> Result<LoadReport, ChartError> {
        let data =
            super::maturity_data::load(assessments_file, assessments_text, ods_file, ods_text, framework)
                .map_err(ChartError::Data)?;
        let report = data.report.clone();
        self.maturity = Some(data);
        self.analysed = None;
        self.scene = None;
        self.state = State::default();
        Ok(report)
    }

    /// Adds a trust's own maturity answers to the loaded maturity data (see
    /// [`MaturityData::add`](super::maturity_data::MaturityData::add)).
    pub fn add_assessments(&mut self, file: &str, text: &str) -> Result<LoadReport, ChartError> {
        let data = self.maturity.as_mut().ok_or(ChartError::NoData)?;
        let report = data.add(file, text).map_err(ChartError::Data)?;
        self.scene = None;
        Ok(report)
    }

    /// The NHS trusts with data for the spec's metric (any period), by name, for a focus picker.
    pub fn organisations(&self) -> Vec<OrgChoice> {
        if self.spec.view.is_some_and(View::is_maturity) {
            return self.maturity.as_ref().map(|m| m.organisations()).unwrap_or_default();
        }
        let Some(data) = &self.data else { return Vec::new() };
        let metric = match &self.spec.metric {
            Some(id) => data.metric_index(id),
            None => (!data.metrics.is_empty()).then_some(0),
        };
        let mut has_data = vec![false; data.organisations.len()];
        let obs = &data.observations;
        for i in 0..obs.len() {
            if Some(obs.metric[i] as usize) == metric
                && let Some(flag) = has_data.get_mut(obs.org[i] as usize)
            {
                *flag = true;
            }
        }
        let in_population = spec::population_filter(data);
        let mut list: Vec<OrgChoice> = data
            .organisations
            .iter()
            .zip(&has_data)
            .filter(|(o, has)| **has && in_population(o))
            .map(|(o, _)| OrgChoice { code: o.code.clone(), name: o.name.clone() })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    }

    pub fn metrics(&self) -> Vec<MetricChoice> {
        self.data
            .iter()
            .flat_map(|d| d.metrics.iter())
            .map(|m| MetricChoice { id: m.id.clone(), title: m.title.clone() })
            .collect()
    }

    fn analyse(&mut self) -> Result<(), ChartError> {
        if self.analysed.is_some() {
            return Ok(());
        }
        let data = self.data.as_ref().ok_or(ChartError::NoData)?;
        let resolved = self.spec.resolve(data)?;
        let focus_code = resolved.focus.clone().ok_or_else(|| ChartError::Analysis {
            message: "choose a focus organisation (the `focus` attribute, an ODS code such as RM3)".into(),
        })?;
        let focus = crate::benchmark::find_organisation(data, &focus_code)?;
        let group = peers::resolve_index(data, focus, &resolved.peers)?;
        let comparison = compare_resolved(
            data,
            resolved.metric,
            resolved.from,
            resolved.to,
            &group,
            &resolved.benchmark,
            Some(&RankOptions::default()),
        )?;
        let default_group = resolved.peers == spec::default_peers_for(data);
        // Trusts without the service (mental health and community trusts have no A&E) are
        // expected in the default group of every NHS trust, so that notice is dropped there.
        let expected = |n: &crate::benchmark::Notice| default_group && n.code == NoticeCode::PeersWithoutData;
        let mut comparison = comparison;
        comparison.notices.retain(|n| !expected(n));
        let stats_error = |e: crate::stats::StatsError| ChartError::Analysis { message: e.to_string() };
        let view = match resolved.view {
            View::Ranked => ViewData::Ranked(ranking::from_comparison(data, &comparison)?),
            View::Funnel => {
                let input =
                    prepare::funnel(data, &resolved, &comparison, &population_of(data), default_group);
                let funnel = funnel_view::analyse(&input).map_err(stats_error)?;
                ViewData::Funnel(input, funnel)
            }
            View::Distribution => ViewData::Distribution(prepare::distribution(
                data,
                &resolved,
                &comparison,
                &population_of(data),
                default_group,
            )),
            View::Spc => {
                let (input, missing) =
                    prepare::spc(data, &resolved, focus, &resolved.spc).map_err(stats_error)?;
                ViewData::Spc(Box::new(input), missing)
            }
            View::Spine => {
                let metrics: Vec<usize> = (0..data.metrics.len()).collect();
                let s =
                    spine(data, focus, &metrics, resolved.from, resolved.to, &group, &resolved.benchmark)?;
                ViewData::Spine(Box::new(s))
            }
            View::Opportunity => {
                let w = self.spec.what_if.map(|v| what_if(&comparison, v)).transpose()?;
                ViewData::Opportunity(w)
            }
            View::MaturityRadar
            | View::MaturityStaircase
            | View::MaturityHeatmap
            | View::MaturityTrajectory => {
                return Err(ChartError::Analysis { message: "maturity views draw maturity data".into() });
            }
        };
        let sensitivity = match resolved.view {
            View::Ranked | View::Distribution | View::Funnel => {
                sensitivity_sentence(data, &resolved, &focus_code)
            }
            _ => None,
        };
        self.analysed = Some(Analysed { resolved, comparison, view, sensitivity });
        Ok(())
    }

    /// Lays the chart out at `width` x `height` CSS pixels (the spec's size when it gives one).
    pub fn layout(
        &mut self,
        width: f64,
        height: f64,
        measure: &dyn TextMeasure,
    ) -> Result<Rendered, ChartError> {
        let scene = if self.spec.view.is_some_and(View::is_maturity) {
            self.maturity_scene(width, height, measure)?
        } else {
            self.indicator_scene(width, height, measure)?
        };
        Ok(self.show(scene))
    }

    fn maturity_scene(
        &self,
        width: f64,
        height: f64,
        measure: &dyn TextMeasure,
    ) -> Result<Scene, ChartError> {
        self.spec.check()?;
        let data = self.maturity.as_ref().ok_or(ChartError::NoData)?;
        let focus = self.spec.focus.clone().unwrap_or_else(|| spec::DEFAULT_FOCUS.to_string());
        let peers = self.spec.peers.clone().unwrap_or_else(spec::region_peers);
        let choice = super::maturity_data::MaturityChoice {
            view: self.spec.view.unwrap_or_default(),
            framework: self.spec.framework.as_deref().unwrap_or("wgll"),
            round: self.spec.round.as_deref(),
            focus: &focus,
            peers: &peers,
        };
        let opts = ViewOptions {
            width: self.spec.width.unwrap_or(width),
            height: self.spec.height.unwrap_or(height),
            title: self.spec.title.clone(),
            source: String::new(),
        };
        data.scene(&choice, &opts, measure).map_err(|message| ChartError::Analysis { message })
    }

    fn indicator_scene(
        &mut self,
        width: f64,
        height: f64,
        measure: &dyn TextMeasure,
    ) -> Result<Scene, ChartError> {
        self.analyse()?;
        let (Some(data), Some(a)) = (&self.data, &self.analysed) else {
            return Err(ChartError::NoData);
        };
        let resolved = &a.resolved;
        let metric = &data.metrics[resolved.metric];
        let view_opts = ViewOptions {
            width: self.spec.width.unwrap_or(width),
            height: self.spec.height.unwrap_or(height),
            title: resolved.title.clone(),
            source: data.attribution.clone(),
        };
        let mut scene = match &a.view {
            ViewData::Ranked(ranking) => {
                let opts = RankedOptions {
                    width: view_opts.width,
                    height: view_opts.height,
                    title: view_opts.title.clone(),
                    population: population_words(&resolved.peers),
                    national_label: a.comparison.benchmark.label.clone(),
                    source: view_opts.source.clone(),
                };
                ranked::scene(ranking, metric, &opts, measure)
            }
            ViewData::Funnel(input, funnel) => funnel_view::scene(input, funnel, &view_opts, measure),
            ViewData::Distribution(input) => distribution_view::scene(input, &view_opts, measure),
            ViewData::Spine(s) => {
                let opts = spine_view::SpineOptions {
                    view: view_opts.clone(),
                    population: population_words(&resolved.peers),
                    national_label: "England".into(),
                };
                spine_view::scene(s, &opts, measure)
            }
            ViewData::Opportunity(w) => {
                let opts = opportunity_view::OpportunityOptions {
                    view: view_opts.clone(),
                    population: population_words(&resolved.peers),
                    volume_label: None,
                };
                opportunity_view::scene(&a.comparison, w.as_ref(), &opts, measure)
            }
            ViewData::Spc(input, missing) => {
                let mut scene = spc_view::scene(input, &view_opts, measure);
                if *missing > 0 {
                    scene.warnings.push(format!("{missing} periods without data are left out of the series"));
                }
                scene
            }
        };
        // Notices from the comparison (a small peer group, organisations without data) travel
        // with every view.
        if let Some(sentence) = &a.sensitivity {
            scene.description.push(' ');
            scene.description.push_str(sentence);
            scene.warnings.push(sentence.clone());
        }
        for n in &a.comparison.notices {
            if !scene.warnings.contains(&n.message) {
                scene.warnings.push(n.message.clone());
            }
        }
        Ok(scene)
    }

    /// Makes `scene` the current one, keeping focus and selection on the same items.
    fn show(&mut self, scene: Scene) -> Rendered {
        let previous = self.scene.as_ref().map(|(s, _)| {
            let key = |i: Option<usize>| i.and_then(|i| s.items.get(i)).map(|it| it.key.clone());
            (key(self.state.focus), key(self.state.selected))
        });
        let grid = HitGrid::new(&scene);
        // Keep focus and selection on the same organisations across re-layouts (a resize).
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

    /// Feeds an input through the interaction state machine.
    pub fn input(&mut self, input: Input) -> Effect {
        let Some((scene, grid)) = &self.scene else {
            return Effect::default();
        };
        let (state, effect) = interaction::next(self.state, input, scene, grid);
        self.state = state;
        effect
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
                out.extend(item.highlight.iter().cloned());
            }
        }
        out
    }

    /// The spec as JSON with the data's resolved choices written in: the recipe that re-creates
    /// the chart.
    pub fn recipe(&self) -> String {
        let mut spec = self.spec.clone();
        if let (Some(data), Some(Analysed { resolved: r, .. })) = (&self.data, &self.analysed) {
            spec.metric = Some(data.metrics[r.metric].id.clone());
            spec.focus = r.focus.clone();
            spec.peers = Some(r.peers.clone());
            spec.benchmark = Some(r.benchmark.clone());
            spec.view = Some(r.view);
            spec.what_if = self.spec.what_if;
            spec.period = Some(spec::PeriodSpec {
                latest: None,
                from: data.periods.get(r.from).cloned(),
                to: data.periods.get(r.to).cloned(),
            });
        }
        serde_json::to_string(&spec).unwrap_or_default()
    }

    /// The chart as a standalone SVG with its recipe.
    pub fn svg(&self) -> Option<String> {
        self.scene().map(|s| svg::render(s, Some(&self.recipe())))
    }

    /// The chart's data as CSV.
    pub fn csv(&self) -> Option<String> {
        self.scene().map(|s| s.table.to_csv())
    }
}
