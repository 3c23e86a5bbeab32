//! Which rows each grid shows: the year, group and drill-down selected,
//! as filters over the rows' tags.

use super::app::App;
use super::screens::Screen;
use super::widgets::grid::Tags;

impl App {
    pub(super) fn period_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        let period = self.period.clone();
        Box::new(move |t: &Tags| period.as_ref().is_none_or(|p| &t.period == p))
    }

    /// Providers of the year, serving the authority drilled into.
    pub(super) fn provider_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        let period = self.period.clone();
        let authority = self.pb_authority.clone();
        Box::new(move |t: &Tags| {
            period.as_ref().is_none_or(|p| &t.period == p)
                && authority
                    .as_ref()
                    .is_none_or(|a| t.site.split("; ").any(|s| s == a))
        })
    }

    pub(super) fn service_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        let period = self.period.clone();
        let group = self.group;
        let only_open = self.only_open;
        let site = self.site_filter.clone();
        Box::new(move |t: &Tags| {
            period.as_ref().is_none_or(|p| &t.period == p)
                && group.holds(&t.group, t.evidence)
                && (!only_open || t.open > 0)
                && site.as_ref().is_none_or(|s| &t.site == s)
        })
    }

    /// Every grid filtered again after a selector changed.
    pub fn refresh_filters(&mut self) {
        let f = self.service_filter();
        self.services.refresh(&*f, None);
        let f = self.period_filter();
        self.sites.refresh(&*f, None);
        self.authorities.refresh(&*f, None);
        self.budgets.refresh(&*f, None);
        let f = self.provider_filter();
        self.pb_providers.refresh(&*f, None);
        let f = self
            .queue_filter
            .matcher(self.period.clone(), self.operator.clone());
        self.queue.refresh(&*f, None);
    }

    pub(super) fn grid_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        match self.screen {
            Screen::Services => self.service_filter(),
            Screen::Sites | Screen::Authorities => self.period_filter(),
            Screen::Budgets if self.pb_authority.is_some() => self.provider_filter(),
            Screen::Budgets => self.period_filter(),
            Screen::Queue => self
                .queue_filter
                .matcher(self.period.clone(), self.operator.clone()),
            _ => Box::new(|_| true),
        }
    }
}
