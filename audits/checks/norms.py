"""Every norm of the audit, declared once: its good and bad value, unit, where it comes from, and the
earlier names it still answers to.

A norm is the pair of values a signal is scored between (audits.checks.base.ramp: 100 at `good` or
beyond, 0 at `bad` or beyond). It is declared here once, and a check names the norms it uses, its
own and borrowed ones alike (`Check.norms`); `signal()` builds a Signal from a norm's name and the
user's settings. A norm used by several checks is the same setting for all of them: the Settings page
shows it once, under the first check that uses it, with the others listed beside it.

Setting names. A norm's two settings are `<name>_good` and `<name>_bad`, the names they had as two
Thresholds, so nothing saved breaks. The irregular pairs kept their historic names through an
explicit `settings=(good_name, bad_name)` (`talk_min_target`/`talk_min_low`,
`touch_delay_good_min`/`touch_delay_bad_min`, `touch_wait_good_s`/`touch_wait_bad_s`,
`spin_talk_new_good_min`/`spin_talk_new_bad_min`, `lead_median_good_min`/`lead_median_bad_min`):
saved audits and the case files hold those names, and renaming them buys nothing. A check's single
parameters (`stale_days`, `out_calls_min`/`out_calls_max`, the band of plausible calls a day,
`pl_no_deal_days`...) are no norm: each stays a Threshold of its check.

Aliases. A renamed norm lists its earlier name(s) in `aliases`: an earlier norm name stands for its
`<alias>_good`/`<alias>_bad` settings; a pair gives earlier (good, bad) setting names. `canonical()`
turns an earlier setting name into today's, and every reader of settings uses it: saved audits
(audits/savefile.py), `audit.settings_with` (so `--set old_name=...` and the case files) and the app.

Every check names the norms it uses in `Check.norms`; `audits.reference.problems()` reports a check
that reads a norm's setting without naming it (found by running its `measure` on no metrics), or
declares a norm's setting as a Threshold of its own. A check that scales a norm (check 5: the top
manager's share against the team's size) reads the norm's values with `values()` and builds its
Signal itself.

Sources: `seed_000` .. `seed_003` are the four source documents (docs/seed-norms.md lists every
number they give); `hbr_2011` is a named benchmark (Oldroyd, McElheran, Elkington, "The Short Life
of Online Sales Leads", Harvard Business Review, 2011); `practice` is a default of common
sales-consulting practice that no source states.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from audits.checks.base import Check, Signal, Threshold

SOURCES = ("seed_000", "seed_001", "seed_002", "seed_003", "hbr_2011", "practice")


@dataclass(frozen=True)
class Norm:
    name: str                 # "ec_second_order": settings ec_second_order_good / ec_second_order_bad
    good: float               # full marks at this value or beyond
    bad: float                # zero at this value or beyond
    unit: str = "share"       # as Signal.unit
    source: str = "practice"  # one of SOURCES: label norm.source.<source> in the catalogue
    aliases: tuple[str | tuple[str, str], ...] = ()     # earlier norm names, or earlier (good, bad) setting names
    settings: tuple[str, str] | None = None             # (good, bad) setting names when not <name>_good/_bad

    @property
    def good_setting(self) -> str:
        return self.settings[0] if self.settings else f"{self.name}_good"

    @property
    def bad_setting(self) -> str:
        return self.settings[1] if self.settings else f"{self.name}_bad"

    @property
    def setting_names(self) -> tuple[str, str]:
        return self.good_setting, self.bad_setting

    def thresholds(self) -> tuple[Threshold, Threshold]:
        """The two settings of the norm, as the Settings page and defaults() know them."""
        return Threshold(self.good_setting, self.good, self.unit), Threshold(self.bad_setting, self.bad, self.unit)

    def old_names(self) -> dict[str, str]:
        """{earlier setting name: today's setting name}."""
        out = {}
        for alias in self.aliases:
            good, bad = (f"{alias}_good", f"{alias}_bad") if isinstance(alias, str) else alias
            out[good], out[bad] = self.good_setting, self.bad_setting
        return out


# In the order of the checklist; a norm sits under the first check that uses it.
NORMS: tuple[Norm, ...] = (
    # 1. funnel
    Norm("funnel_step", 0.6, 0.2),
    Norm("win_rate", 0.2, 0.05),
    # the seed forbids vague stage names ("the client is thinking", "being agreed"): none is good
    Norm("vague_stages", 0, 2, "count", "seed_000"),
    # the seed's weekly lead report: warm leads convert at 20-30 %, cold ones at 1-3 %; the bad ends are ours
    Norm("warm_win_rate", 0.2, 0.1, "share", "seed_000"),
    Norm("cold_win_rate", 0.01, 0.0, "share", "seed_000"),
    # 2. target audience
    Norm("ta_cz_share", 0.2, 0.5),
    Norm("ta_idle_meetings", 0.2, 0.5),
    # 3. CRM
    Norm("crm_no_task", 0.1, 0.5),
    Norm("crm_overdue", 0.05, 0.3),
    Norm("crm_missing", 0.01, 0.1),
    Norm("crm_reason", 0.05, 0.3),
    Norm("crm_unmatched", 0.15, 0.4),
    Norm("crm_no_deal", 0.2, 0.6),
    Norm("crm_late_close", 0.1, 0.3),
    # 4. structure: the seed splits a department of more than six managers into two teams
    Norm("st_both", 0.25, 0.75),
    Norm("st_span", 6, 10, "count", "seed_003"),
    # 5. competition: the seed's at least three managers on the same tasks, and more than six -> two
    # teams. The top-1 shares are scaled by check 5 to the number of managers (a top manager's share
    # is never below 1/n): the settings hold the norm for a large team.
    Norm("cp_same_job", 3, 1, "count", "seed_003"),
    Norm("cp_top1", 0.3, 0.6),
    Norm("cp_team_top1", 0.4, 0.7),
    Norm("cp_team_size", 6, 9, "count", "seed_003"),
    # 6. workday: the seed's 120 minutes of talk a day; meetings at the client's and at the office 50/50
    Norm("talk_min", 120, 60, "minutes", "seed_002", settings=("talk_min_target", "talk_min_low")),
    Norm("out_calls_in_band", 0.9, 0.5),          # managers within out_calls_min..out_calls_max
    Norm("meet_client", 0.5, 0.2, "share", "seed_000"),
    # 7. NPS: the survey's reach and age (no seed says how often to ask); the seed's bands for the
    # score, 5-10 low, 50-80 market leaders
    Norm("nps_rate", 0.2, 0.05),
    Norm("nps_recency", 120, 365, "days"),
    Norm("nps", 50, 10, "points", "seed_003"),
    # 8. new clients
    Norm("nc_win_rate", 0.2, 0.05),
    Norm("nc_both", 0.25, 0.75),
    # 9. existing clients
    Norm("ec_second_order", 0.6, 0.3),
    Norm("ec_returning", 0.6, 0.3),
    Norm("ec_irregular_a", 0.1, 0.4),
    # 10. share of wallet
    Norm("sw_penetration", 0.5, 0.2),
    Norm("sw_coverage", 0.9, 0.5),
    Norm("sw_breadth", 0.3, 0.1),
    # 11. lost clients
    Norm("lc_lost_share", 0.1, 0.3),
    Norm("lc_lost_a", 0, 5, "count"),
    # 12. skill model
    Norm("sk_win_cv", 0.15, 0.4),
    Norm("sk_deal_cv", 0.25, 0.6),
    # 14. SPIN (the manager with the most short calls: check 18 reads it too); the seed's 5-7 minutes
    # of a conversation with a new client, two minutes being a consultation
    Norm("spin_short_first", 0.2, 0.5),
    Norm("short_manager", 0.35, 0.6),
    Norm("spin_talk_new", 5, 2, "minutes", "seed_002", settings=("spin_talk_new_good_min", "spin_talk_new_bad_min")),
    # 15. value
    Norm("vl_depth", 0.03, 0.1),
    Norm("vl_won_disc", 0.2, 0.6),
    Norm("vl_top_ratio", 1.25, 2.0, "ratio"),
    # 16. negotiation (the weakest manager's win rate at the last step against the team's)
    Norm("ng_late", 0.8, 0.5),
    Norm("ng_late_min", 0.8, 0.5, "ratio"),
    # 17. scripts
    Norm("scripts_spread", 1.5, 3.0, "ratio"),
    # 18. call listening
    Norm("listen_recorded", 0.95, 0.5),
    # 19. hiring
    Norm("hr_turnover", 0.15, 0.4),
    Norm("hr_tenure", 2, 0.5, "years"),
    Norm("hr_first_win", 60, 180, "days"),
    # 20. motivation (the 80 / 90 / 100 % steps are the seed's; the shares of months below them are not)
    Norm("mv_below80", 0.1, 0.3),
    Norm("mv_below100", 0.3, 0.7),
    # 23. plan evenness: the seed's half of the plan in the first two weeks
    Norm("pe_first_half", 0.5, 0.3, "share", "seed_000"),
    Norm("pe_cv", 0.1, 0.3),
    # 24. one product
    Norm("op_single", 0.2, 0.5),
    # 25. client value ("cv_" read as a coefficient of variation beside sk_win_cv and pe_cv: renamed)
    Norm("c_effort", 0.1, 0.3, aliases=("cv_c_effort",)),
    # 26. sales head
    Norm("hd_activity", 0.2, 0.0, "ratio"),
    # 28. pipeline: the seed's manager with no deal for more than two weeks (pl_no_deal_days) is a
    # reason to look closer, so none is good; a quarter of the sellers is ours
    Norm("pl_stale", 0.2, 0.6),
    Norm("pl_no_task", 0.1, 0.5),
    Norm("pl_coverage", 3.0, 1.0, "ratio"),
    Norm("pl_no_deal", 0.0, 0.25, "share", "seed_000"),
    # 29. touchpoints: a caller is answered within about 20 seconds (the seed's callback); speed to
    # lead: a lead called within the hour is far likelier to become a deal than one called a day
    # later (the HBR study); the share of leads called within a day is ours
    Norm("touch_missed", 0.05, 0.2),
    Norm("touch_callback", 0.9, 0.5),
    Norm("touch_delay", 15, 240, "minutes", settings=("touch_delay_good_min", "touch_delay_bad_min")),
    Norm("touch_wait", 20, 60, "seconds", "seed_000", settings=("touch_wait_good_s", "touch_wait_bad_s")),
    Norm("lead_1d", 0.9, 0.5),
    Norm("lead_median", 60, 1440, "minutes", "hbr_2011", settings=("lead_median_good_min", "lead_median_bad_min")),
)

BY_NAME: dict[str, Norm] = {n.name: n for n in NORMS}
BY_SETTING: dict[str, Norm] = {s: n for n in NORMS for s in n.setting_names}
ALIASES: dict[str, str] = {old: new for n in NORMS for old, new in n.old_names().items()}


def norm(name: str) -> Norm:
    return BY_NAME[name]


def values(name: str, settings: dict) -> tuple[float, float]:
    """(good, bad) of the norm `name` as the user set them."""
    n = BY_NAME[name]
    return settings[n.good_setting], settings[n.bad_setting]


def signal(key: str, value: float | None, name: str, settings: dict, scored: bool = True) -> Signal:
    """The Signal `key` of `value` scored between the norm `name`'s values as the user set them
    (`scored` False: shown with the norm, kept out of the check's score)."""
    good, bad = values(name, settings)
    return Signal(key, value, bad, good, BY_NAME[name].unit, scored)


def canonical(setting: str) -> str:
    """Today's name of a setting: an earlier name of a renamed norm's setting becomes the current one."""
    return ALIASES.get(setting, setting)


class _Reads(dict):
    """Settings that remember which names were read (to find a norm a check reads without naming it)."""

    def __init__(self, given: dict):
        super().__init__(given)
        self.read: set[str] = set()

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)


@lru_cache(maxsize=None)
def read_settings(check: Check) -> frozenset[str]:
    """The settings a check's `measure` reads, found by running it on no metrics."""
    from audits.checks import defaults
    settings = _Reads(defaults())
    try:
        check.measure({}, settings)
    except Exception:   # noqa: BLE001  (a measure that needs metrics: only what it read so far counts)
        pass
    return frozenset(settings.read)


def uses(check: Check) -> tuple[Norm, ...]:
    """The norms a check uses, its own and borrowed ones: those it names."""
    return tuple(BY_NAME[n] for n in check.norms if n in BY_NAME)


def users(name: str) -> tuple[Check, ...]:
    """The checks that use a norm, in checklist order: the first is where the norm is shown."""
    from audits.checks import REGISTRY
    return tuple(c for c in REGISTRY if any(n.name == name for n in uses(c)))


def home(name: str) -> Check | None:
    found = users(name)
    return found[0] if found else None


def own(check: Check) -> tuple[Norm, ...]:
    """The norms shown under this check: the ones it is the first to use."""
    return tuple(n for n in uses(check) if home(n.name) is check)


def borrowed(check: Check) -> tuple[Norm, ...]:
    """The norms this check uses that are shown under an earlier check."""
    return tuple(n for n in uses(check) if home(n.name) is not check)


def singles(check: Check) -> tuple[Threshold, ...]:
    """A check's settings that belong to no norm (stale_days-like single parameters)."""
    return tuple(th for th in check.thresholds if th.name not in BY_SETTING)
