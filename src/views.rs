//! The views: the one list of every chart nhs-benchmark draws. Each entry names the view, its
//! family, the data it needs, how many periods it shows by default, one sentence about it, and
//! the function that computes exactly what it shows (its model, in `benchmark/` or `maturity/`)
//! and binds it to the function that draws it (its scene, in `chart/`). The session calls those;
//! nothing else lists views. The element's `view` attribute, the TypeScript union in
//! `nhs-benchmark.d.ts` and the README's table are checked against [`VIEWS`] by a test, and
//! the list is exported to JavaScript as `views()`.
//!
//! Adding a view: an entry here with its `analyse` function below, a model, a scene file, a spec
//! fixture in `tests/fixtures/specs/` and a row in the README (see `docs/ARCHITECTURE.md`).

use crate::benchmark::selection::Selection;
use crate::benchmark::{distribution, funnel, opportunity, ranking, sensitivity, series, spine};
use crate::chart::layout::ViewOptions;
use crate::chart::scene::Scene;
use crate::chart::text::TextMeasure;
use crate::chart::view::{Drawn, Words};
use crate::data::Dataset;
use crate::error::{Error, ErrorKind};
use crate::maturity::views::{self as maturity_views, MaturityFocus};
use crate::maturity::workspace::MaturityData;
use crate::spec::{PeriodSpec, Periods, Spec};
use crate::stats::rank::RankOptions;
use serde::Serialize;
use std::rc::Rc;

/// What a view draws: indicators of organisations, or digital maturity assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Family {
    Indicator,
    Maturity,
}

/// The data a view needs, which says which files the page fetches for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Need {
    /// Organisations, metrics and observations: the A&E files, a tidy set or a Fingertips export;
    /// for a maturity view, the RTT extract (its outcome, or the trusts' sizes).
    Indicators,
    /// Maturity assessments with the ODS trust list (and a framework file, if the page has one).
    Maturity,
    /// NHS England's published maturity results with the 2026 ODS trust list.
    Dma,
}

/// One view.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// The name a spec, an attribute or a URL gives (`ranked`).
    pub name: &'static str,
    pub family: Family,
    /// The data every chart of the view needs; a spec may add more ([`View::needs_for`]).
    pub needs: &'static [Need],
    /// What a spec adds to `needs` (the RTT set as sizes for a nearest-by-size cohort).
    #[serde(skip)]
    more_needs: fn(&Spec) -> &'static [Need],
    /// What the view shows, in one sentence, for the README and the explorer.
    pub about: &'static str,
    #[serde(skip)]
    pub periods: Periods,
    #[serde(skip)]
    analyse: fn(&Inputs) -> Result<Prepared, Error>,
}

impl std::fmt::Debug for View {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

const INDICATORS: &[Need] = &[Need::Indicators];
const MATURITY: &[Need] = &[Need::Maturity];
const DMA: &[Need] = &[Need::Dma];
/// Published results joined to an outcome dataset: two sets, each loaded once per page and shared
/// with the other charts of the same files.
const OUTCOMES: &[Need] = &[Need::Dma, Need::Indicators];

/// A view whose needs are all in its `needs`.
fn no_more(_: &Spec) -> &'static [Need] {
    &[]
}

/// A published-results view compared nearest by size also needs the RTT set, for the sizes.
fn sizes_when_nearest(spec: &Spec) -> &'static [Need] {
    if spec.cohort.as_deref().is_some_and(|c| c.trim().eq_ignore_ascii_case("nearest")) {
        INDICATORS
    } else {
        &[]
    }
}

/// Every view, the default first.
pub static VIEWS: &[View] = &[
    View {
        name: "ranked",
        family: Family::Indicator,
        needs: INDICATORS,
        more_needs: no_more,
        about: "Organisations ranked by value, with 95% and 99.8% intervals and the benchmark (a caterpillar plot)",
        periods: Periods::Latest(12),
        analyse: ranked_view,
    },
    View {
        name: "funnel",
        family: Family::Indicator,
        needs: INDICATORS,
        more_needs: no_more,
        about: "Value against denominator with PHE's 95% and 99.8% control limits (a funnel plot)",
        periods: Periods::Latest(12),
        analyse: funnel_view,
    },
    View {
        name: "distribution",
        family: Family::Indicator,
        needs: INDICATORS,
        more_needs: no_more,
        about: "A box plot and strip of every organisation, with the focus placed in its quarter",
        periods: Periods::Latest(12),
        analyse: distribution_view,
    },
    View {
        name: "spc",
        family: Family::Indicator,
        needs: INDICATORS,
        more_needs: no_more,
        about: "The focus organisation over time as an XmR chart with Making Data Count icons",
        periods: Periods::All,
        analyse: spc_view,
    },
    View {
        name: "spine",
        family: Family::Indicator,
        needs: INDICATORS,
        more_needs: no_more,
        about: "Every metric for the focus against England and the spread of its peers (an area profile)",
        periods: Periods::Latest(12),
        analyse: spine_view,
    },
    View {
        name: "opportunity",
        family: Family::Indicator,
        needs: INDICATORS,
        more_needs: no_more,
        about: "The gap to the peer median and best quartile as volume, with a what-if",
        periods: Periods::Latest(12),
        analyse: opportunity_view,
    },
    View {
        name: "maturityRadar",
        family: Family::Maturity,
        needs: MATURITY,
        more_needs: no_more,
        about: "Digital maturity by pillar: the trust, its peers' median and spread, the exemplars' median",
        periods: Periods::All,
        analyse: maturity_radar,
    },
    View {
        name: "maturityStaircase",
        family: Family::Maturity,
        needs: MATURITY,
        more_needs: no_more,
        about: "Digital maturity levels by domain, with the next level's checklist",
        periods: Periods::All,
        analyse: maturity_staircase,
    },
    View {
        name: "maturityHeatmap",
        family: Family::Maturity,
        needs: MATURITY,
        more_needs: no_more,
        about: "The trust, its peers and the exemplars by pillar, as a heat map",
        periods: Periods::All,
        analyse: maturity_heatmap,
    },
    View {
        name: "maturityTrajectory",
        family: Family::Maturity,
        needs: MATURITY,
        more_needs: no_more,
        about: "Digital maturity over assessment rounds, with who moved fastest",
        periods: Periods::All,
        analyse: maturity_trajectory,
    },
    View {
        name: "maturityOutcomes",
        family: Family::Maturity,
        needs: OUTCOMES,
        more_needs: no_more,
        about: "A digital maturity score against an outcome for the same trusts, with a rank correlation and its interval",
        periods: Periods::Latest(1),
        analyse: maturity_outcomes,
    },
    View {
        name: "dmaRadar",
        family: Family::Maturity,
        needs: DMA,
        more_needs: sizes_when_nearest,
        about: "Published 2025 pillar scores (NHS England DMA): the trust against its cohort's median and interquartile range",
        periods: Periods::All,
        analyse: dma_radar,
    },
    View {
        name: "dmaHeatmap",
        family: Family::Maturity,
        needs: DMA,
        more_needs: sizes_when_nearest,
        about: "Published 2025 pillar scores of the trust and its cohort, as a heat map",
        periods: Periods::All,
        analyse: dma_heatmap,
    },
    View {
        name: "dmaTrajectory",
        family: Family::Maturity,
        needs: DMA,
        more_needs: sizes_when_nearest,
        about: "Published overall scores 2024 to 2025 on comparable domains, the trust among its cohort",
        periods: Periods::All,
        analyse: dma_trajectory,
    },
    View {
        name: "dmaDistribution",
        family: Family::Maturity,
        needs: DMA,
        more_needs: sizes_when_nearest,
        about: "Each published pillar score's distribution over the cohort, with the trust placed in it",
        periods: Periods::All,
        analyse: dma_distribution,
    },
];

/// The view a spec names (`ranked` when it names none), or an error listing the views.
pub fn find(name: Option<&str>) -> Result<&'static View, Error> {
    let Some(name) = name else { return Ok(&VIEWS[0]) };
    VIEWS.iter().find(|v| v.name == name).ok_or_else(|| {
        let names: Vec<&str> = VIEWS.iter().map(|v| v.name).collect();
        Error::new(
            ErrorKind::Spec,
            "spec.unknownView",
            "view",
            format!(
                "spec.view: unknown view '{}'; the views are {}",
                crate::spec::attributes::quoted(name),
                names.join(", ")
            ),
        )
    })
}

impl View {
    /// The data a chart of this view with `spec` needs, each kind once.
    pub fn needs_for(&self, spec: &Spec) -> Vec<Need> {
        let mut needs = self.needs.to_vec();
        for more in (self.more_needs)(spec) {
            if !needs.contains(more) {
                needs.push(*more);
            }
        }
        needs
    }

    /// Computes the view's model from the data the session holds.
    pub fn analyse(&'static self, spec: &Spec, data: &Attached) -> Result<Prepared, Error> {
        (self.analyse)(&Inputs { spec, view: self, data })
    }
}

/// The data a session holds, shared with every other chart on the page that loaded the same
/// files.
#[derive(Debug, Clone, Default)]
pub struct Attached {
    pub indicators: Option<Rc<Dataset>>,
    pub maturity: Option<Rc<MaturityData>>,
    pub dma: Option<Rc<crate::maturity::dma_results::PublishedResults>>,
}

/// What a view's `analyse` is given.
pub struct Inputs<'a> {
    pub spec: &'a Spec,
    pub view: &'static View,
    pub data: &'a Attached,
}

/// A view's model bound to its scene, with what every chart of it carries: the source line, the
/// notes shown under it, a sentence added to its description, and its recipe.
pub struct Prepared {
    drawn: Box<dyn Drawn>,
    pub source: String,
    pub notes: Vec<String>,
    /// Added to the description and the notes (the sensitivity to the peer group).
    pub sentence: Option<String>,
    /// The spec with every resolved choice written in: what re-creates the chart.
    pub recipe: Spec,
    /// What joining two sets left out (the trusts that do not join), for the chart's load report:
    /// no one set's report can say it, as each set is shared with charts that join nothing.
    pub diagnostics: Vec<crate::data::Diagnostic>,
}

impl Prepared {
    fn new(drawn: Box<dyn Drawn>, source: String, recipe: Spec) -> Self {
        Self { drawn, source, notes: Vec::new(), sentence: None, recipe, diagnostics: Vec::new() }
    }

    /// The words of item `index` of `scene`, built now.
    pub fn words(&self, scene: &Scene, index: usize) -> Words {
        self.drawn.words(scene, index)
    }

    /// The data table of `scene`, built now.
    pub fn table(&self, scene: &Scene) -> crate::chart::scene::Table {
        self.drawn.table(scene)
    }

    /// The scene at `view`'s size, with the notes and sentence added.
    pub fn scene(&self, view: &ViewOptions, measure: &dyn TextMeasure) -> Scene {
        let view = ViewOptions { source: self.source.clone(), ..view.clone() };
        let mut scene = self.drawn.scene(&view, measure);
        if let Some(sentence) = &self.sentence {
            scene.description.push(' ');
            scene.description.push_str(sentence);
            scene.warnings.push(sentence.clone());
        }
        for n in &self.notes {
            if !scene.warnings.contains(n) {
                scene.warnings.push(n.clone());
            }
        }
        scene
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("source", &self.source).field("notes", &self.notes).finish()
    }
}

impl<'a> Inputs<'a> {
    fn indicators(&self) -> Result<&'a Dataset, Error> {
        self.data.indicators.as_deref().ok_or_else(Error::no_data)
    }

    fn selection(&self) -> Result<Selection<'a>, Error> {
        let data = self.indicators()?;
        let choice = self.spec.indicator_choice(data, self.view.periods)?;
        Ok(Selection::new(data, choice)?)
    }

    /// The indicator recipe: the spec with the metric, focus, peers, benchmark, view and period
    /// the selection resolved to.
    fn recipe(&self, s: &Selection) -> Spec {
        let mut spec = self.spec.clone();
        let (from, to) = s.period_keys();
        spec.metric = Some(s.metric().id.clone());
        spec.focus = Some(s.choice.focus.clone());
        spec.peers = Some(s.choice.peers.clone());
        spec.benchmark = Some(s.choice.benchmark.clone());
        spec.view = Some(self.view.name.to_string());
        spec.period = Some(PeriodSpec { latest: None, from: Some(from.into()), to: Some(to.into()) });
        spec
    }

    /// An indicator view's model bound to its scene, with the comparison's notices.
    fn indicator<M: Drawn + 'static>(
        &self,
        s: &Selection,
        model: M,
        notes: &[crate::benchmark::Notice],
    ) -> Prepared {
        let mut p = Prepared::new(Box::new(model), s.data.attribution.clone(), self.recipe(s));
        p.notes = notes.iter().map(|n| n.message.clone()).collect();
        p
    }

    fn maturity_focus(&self) -> Result<MaturityFocus, Error> {
        let data = self.data.maturity.as_ref().ok_or_else(Error::no_data)?;
        MaturityFocus::resolve(data, &self.spec.maturity_choice()?)
    }

    /// A maturity view's model bound to its scene, with the peer group's notices.
    fn maturity<M: Drawn + 'static>(&self, focus: &MaturityFocus, model: M) -> Prepared {
        let mut p = Prepared::new(Box::new(model), focus.data.source.clone(), self.spec.clone());

        p.notes = focus.notices.clone();
        p
    }
}

fn ranked_view(i: &Inputs) -> Result<Prepared, Error> {
    let s = i.selection()?;
    let rank = i.spec.rank_uncertainty.unwrap_or(false).then(RankOptions::default);
    let (model, comparison) = ranking::model(&s, rank.as_ref())?;
    let mut p = i.indicator(&s, model, &comparison.notices);
    p.sentence = sensitivity::sentence(&s);
    Ok(p)
}

fn funnel_view(i: &Inputs) -> Result<Prepared, Error> {
    let s = i.selection()?;
    let comparison = s.compare(None)?;
    let model = funnel::model(&s)?;
    let mut p = i.indicator(&s, model, &comparison.notices);
    p.sentence = sensitivity::sentence(&s);
    Ok(p)
}

fn distribution_view(i: &Inputs) -> Result<Prepared, Error> {
    let s = i.selection()?;
    let comparison = s.compare(None)?;
    let model = distribution::model(&s);
    let mut p = i.indicator(&s, model, &comparison.notices);
    p.sentence = sensitivity::sentence(&s);
    Ok(p)
}

fn spc_view(i: &Inputs) -> Result<Prepared, Error> {
    let s = i.selection()?;
    let comparison = s.compare(None)?;
    let model = series::model(&s, &i.spec.series_options())?;
    let mut notes = comparison.notices;
    if model.missing > 0 {
        let missing = format!("{} periods without data are left out of the series", model.missing);
        notes.insert(
            0,
            crate::benchmark::Notice::warning(crate::benchmark::NoticeCode::NoDataForPeriod, missing),
        );
    }
    Ok(i.indicator(&s, model, &notes))
}

fn spine_view(i: &Inputs) -> Result<Prepared, Error> {
    let s = i.selection()?;
    let comparison = s.compare(None)?;
    let model = spine::model(&s)?;
    Ok(i.indicator(&s, model, &comparison.notices))
}

fn opportunity_view(i: &Inputs) -> Result<Prepared, Error> {
    let s = i.selection()?;
    let model = opportunity::model(&s, i.spec.what_if)?;
    let notes = model.comparison.notices.clone();
    Ok(i.indicator(&s, model, &notes))
}

fn maturity_radar(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.maturity_focus()?;
    let model = maturity_views::radar(focus.clone())?;
    Ok(i.maturity(&focus, model))
}

fn maturity_staircase(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.maturity_focus()?;
    let model = maturity_views::staircase(focus.clone())?;
    Ok(i.maturity(&focus, model))
}

fn maturity_heatmap(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.maturity_focus()?;
    let model = maturity_views::heat(focus.clone());
    Ok(i.maturity(&focus, model))
}

fn maturity_trajectory(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.maturity_focus()?;
    let model = maturity_views::trajectory(focus.clone());
    Ok(i.maturity(&focus, model))
}

// ---------- Published maturity results (NHS England DMA 2024 and 2025) ----------

impl Inputs<'_> {
    fn dma_focus(&self) -> Result<maturity_views_dma::DmaFocus, Error> {
        let data = self.data.dma.as_ref().ok_or_else(Error::no_data)?;
        // The RTT set, attached when the spec's cohort is nearest by size (`sizes_when_nearest`).
        let sizes = self.data.indicators.as_deref();
        maturity_views_dma::DmaFocus::resolve(data, &self.spec.dma_choice()?, sizes)
    }

    /// A published-results view's model bound to its scene: the source line, the cohort's notes,
    /// and the recipe with the care setting written in.
    fn dma<M: Drawn + 'static>(&self, focus: &maturity_views_dma::DmaFocus, model: M) -> Prepared {
        let mut recipe = self.spec.clone();
        recipe.view = Some(self.view.name.to_string());
        recipe.care_setting = focus.setting.map(|s| s.label().to_string());
        let source = crate::maturity::dma_results::SOURCE.to_string();
        let mut p = Prepared::new(Box::new(model), source, recipe);
        p.notes = focus.notices.clone();
        p
    }
}

use crate::maturity::dma_views as maturity_views_dma;

fn dma_radar(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.dma_focus()?;
    let model = maturity_views_dma::radar(focus.clone())?;
    Ok(i.dma(&focus, model))
}

fn dma_heatmap(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.dma_focus()?;
    let model = maturity_views_dma::heat(focus.clone())?;
    Ok(i.dma(&focus, model))
}

fn dma_trajectory(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.dma_focus()?;
    let model = maturity_views_dma::trajectory(focus.clone())?;
    Ok(i.dma(&focus, model))
}

fn dma_distribution(i: &Inputs) -> Result<Prepared, Error> {
    let focus = i.dma_focus()?;
    let model = maturity_views_dma::distribution(focus.clone())?;
    Ok(i.dma(&focus, model))
}

fn maturity_outcomes(i: &Inputs) -> Result<Prepared, Error> {
    use crate::maturity::outcomes;
    let results = i.data.dma.as_deref().ok_or_else(Error::no_data)?;
    let outcome = i.indicators()?;
    let choice = i.spec.outcomes_choice()?;
    let model = outcomes::model(results, outcome, &choice)
        .map_err(|m| Error::new(ErrorKind::Spec, "spec.invalid", "metric", format!("spec.metric: {m}")))?;
    let (notes, source) = (model.notices(), model.source.clone());
    let diagnostics = model.diagnostics(&results.file);
    let mut recipe = i.spec.clone();
    recipe.view = Some(i.view.name.to_string());
    recipe.metric = Some(choice.metric.clone());
    recipe.focus = choice.focus.clone();
    recipe.outcomes = Some(crate::spec::OutcomesSpec {
        score: Some(choice.score.id().to_string()),
        care_setting: Some(choice.setting.label().to_string()),
    });
    let mut p = Prepared::new(Box::new(model), source, recipe);
    p.notes = notes;
    p.diagnostics = diagnostics;
    Ok(p)
}
