"""The order of a funnel's stages, and which pipeline the funnel is about.

Alphabetical is not an order: the funnel, the weakest step and the principal problem all rest on the
order of the stages, so it is decided here, with the basis it rests on, in this priority:

1. `stages_table`: an uploaded `stages` table (stage, position);
2. `user`: the order the user gave (the Data page, or `"stage_order"` in the --map file), keyed by
   pipeline ("" for any pipeline). The user is the authority on their own process, so this beats
   what the history suggests (a history may be short, or hold moves made by mistake);
3. `history`: the order in which deals enter the stages (stage history of deals with two or more
   stages in it): each stage's mean ordinal of entry;
4. `crm_default`: the default pipeline of the CRM the preset names (amoCRM, Bitrix24, HubSpot,
   Pipedrive, Salesforce), when every open stage is one of its stages;
5. `words`: the meaning of the stage words (new / lead early; qualification, needs, meeting, demo in the
   middle; proposal, negotiation, contract, invoice late; won last), when every open stage has one;
6. `none`: nothing tells the order. The stages are listed by name, and the funnel says so: the weakest
   step and the principal problem are not produced.

3-5 and 6 are guesses (`GUESSES`): the funnel and the checks that compare stages carry a caveat.

Won stages come last; lost stages (lost or closed-without-a-win words) are not steps. A stage whose
deals are all won is a won stage too; a stage whose deals are all lost is NOT a lost stage (Pipedrive
keeps a lost deal in the stage where it was lost: it reached that stage).

Several pipelines in one file (Pipedrive "Pipeline", amoCRM "Воронка", Bitrix CATEGORY_ID) are never
mixed: the funnel is about one, the largest by deal count unless another is chosen. `prepare` writes
the decision on the audit's cursor as two temporary tables that shadow the staging views of the same
names (queries/staging/stage_order.sql, funnel_scope.sql), which funnel.sql and the other queries that
compare stages read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from audits.i18n import t
from audits.ingest import vocab
from audits.limits import Limit

BASES = ("stages_table", "user", "history", "crm_default", "words", "none")
GUESSES = frozenset({"crm_default", "words", "none"})
# Checks that compare stages by their order: the funnel (1) and the late-stage win rate (16).
STAGE_CHECKS = (1, 16)

# Default pipelines, first stage first (won last; lost stages are left out: they are not steps).
CRM_DEFAULTS: dict[str, list[list[str]]] = {
    "amoCRM": [
        ["Неразобранное", "Первичный контакт", "Переговоры", "Принимают решение", "Согласование договора",
         "Успешно реализовано"],
        ["Incoming leads", "Initial contact", "Discussions", "Decision making", "Contract discussion",
         "Closed - won"],
        ["Incoming leads", "Contact", "Negotiation", "Decision making", "Contract", "Successfully realized"],
    ],
    "Bitrix24": [
        ["Новая", "Подготовка документов", "Счёт на предоплату", "В работе", "Финальный счёт", "Сделка успешна"],
        ["NEW", "PREPARATION", "PREPAYMENT_INVOICE", "EXECUTING", "FINAL_INVOICE", "WON"],
        ["New", "Preparing documents", "Prepayment invoice", "In progress", "Final invoice", "Deal won"],
    ],
    "HubSpot": [
        ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
         "contractsent", "closedwon"],
        ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In",
         "Contract Sent", "Closed Won"],
    ],
    "Pipedrive": [
        ["Lead In", "Qualified", "Contact Made", "Needs Defined", "Demo Scheduled", "Proposal Made",
         "Negotiations Started"],
    ],
    "Salesforce": [
        ["Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
         "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won"],
    ],
}

# The meaning of stage words: a rank, lower is earlier. Regexes on the lower-cased name (ё -> е).
STAGE_WORDS: list[tuple[int, str]] = [
    (10, r"\bnew\b|\bnew lead|\bincoming|\binbound|\blead in\b|неразобран|^нов(ая|ый|ое)\b|^нов(ая|ый)$|"
         r"входящ|заявк|^лид\b|^lead\b|\bleads?\b"),
    (12, r"\bmql\b|\bmarketing qualified"),
    (15, r"prospect|identified|\bopportunity\b"),
    (20, r"first contact|initial contact|contact made|\bcontacted\b|первичн|контакт|связал|дозвон|\bcontact\b"),
    (25, r"engag|\bsal\b|\bconversation|\bdiscussion|обсужд"),
    (30, r"qualif|квалиф|\bsql\b"),
    (35, r"needs|discovery|потребност|выявлен|анализ|analysis|research"),
    (40, r"meeting|встреч|\bdemo|демо|presentation|презентац|appointment|\bvisit|замер|выезд"),
    (50, r"decision|принима|решени|bought[ -]?in"),
    (60, r"proposal|\boffer|\bquote|\bquotation|\bestimate|\bкп\b|коммерческ|предложени|смет|расчет|"
         r"value proposition|price"),
    (70, r"negotiat|переговор|согласов|review|торг"),
    (80, r"contract|договор|agreement|\bmsa\b|подписан|signing|\bsign"),
    (85, r"invoice|\bсчет|\bbill|предоплат|prepayment|оплат|payment"),
    (90, r"final|closing|отгруз|shipment|delivery|доставк|закрытие"),
]
_WORDS = [(rank, re.compile(p)) for rank, p in STAGE_WORDS]


def _norm(stage: str) -> str:
    return str(stage or "").strip().lower().replace("ё", "е")


def _key(stage: str) -> str:
    """A stage name as compared with a CRM's default names: Bitrix's "C3:" prefix and punctuation off."""
    v = re.sub(r"^c\d+:", "", _norm(stage))
    return re.sub(r"[\W_]+", "", v)


def word_rank(stage: str) -> int | None:
    """The place the words of a stage name suggest, or None. With several meanings the latest counts:
    "Proposal requested by prospect" is a proposal stage, "Согласование договора" a contract one."""
    v = _norm(stage)
    return max((rank for rank, rx in _WORDS if rx.search(v)), default=None)


def stage_class(stage: str, deals: int = 0, won: int = 0) -> str:
    """'won' | 'lost' | 'open' for a stage: its words first; a stage where every deal is won is won."""
    by_words = vocab.stage_status(stage)
    if by_words:
        return by_words
    return "won" if deals and won == deals else "open"


@dataclass
class Decision:
    stages: list[str]               # the funnel's steps in order: open stages, then won stages
    basis: str                      # one of BASES
    unplaced: list[str] = field(default_factory=list)   # open stages the basis did not know (put last)

    @property
    def guess(self) -> bool:
        return self.basis in GUESSES


def crm_order(open_stages: list[str], preset: str | None = None) -> list[str] | None:
    """A CRM's default stage list holding every open stage (the preset's CRM first), or None."""
    if not open_stages:
        return None
    wanted = {_key(s) for s in open_stages}
    names = ([preset] if preset in CRM_DEFAULTS else []) + [n for n in CRM_DEFAULTS if n != preset]
    for name in names:
        for stages in CRM_DEFAULTS[name]:
            keys = [_key(s) for s in stages]
            if wanted <= set(keys):
                return sorted(open_stages, key=lambda s: keys.index(_key(s)))
    return None


def _word_key(stage: str) -> tuple:
    r = word_rank(stage)
    return (r is None, r or 0, _norm(stage))


def decide(classes: dict[str, str], table: list[str] | None = None, user: list[str] | None = None,
           history: list[str] | None = None, preset: str | None = None) -> Decision:
    """The order of one pipeline's stages.

    `classes`: every stage seen in the pipeline (deals' current stages and their history) -> 'open',
    'won' or 'lost'. `table`: the uploaded stages in position order; `user`: the user's order;
    `history`: the stages in the order deals enter them. Stages a source names but nobody is in are
    kept (a stage no deal reached is a step with 0); lost stages are dropped; open stages the source
    does not name go after the ones it orders, before the won ones, and are listed as unplaced."""
    open_ = [s for s, c in classes.items() if c == "open"]
    won = sorted(s for s, c in classes.items() if c == "won")

    def cls(s: str) -> str:
        return classes.get(s) or stage_class(s)

    def finish(primary: list[str], basis: str) -> Decision:
        known = [s for s in dict.fromkeys(primary) if s is not None and cls(s) != "lost"]
        p_open = [s for s in known if cls(s) == "open"]
        p_won = [s for s in known if cls(s) == "won"]
        unplaced = sorted((s for s in open_ if s not in known), key=_word_key)
        return Decision(p_open + unplaced + p_won + [s for s in won if s not in known], basis, unplaced)

    if table:
        return finish(table, "stages_table")
    if user and set(user) & set(classes):
        return finish(user, "user")
    if history:
        return finish(history, "history")
    crm = crm_order(open_, preset)
    if crm is not None:
        return finish(crm, "crm_default")
    if len(open_) <= 1 or all(word_rank(s) is not None for s in open_):
        return finish(sorted(open_, key=_word_key), "words")
    return finish(sorted(open_, key=_norm), "none")


# --- on the audit's cursor ------------------------------------------------------------------------

@dataclass
class FunnelOrder:
    """What the funnel is about: the pipeline, the order of its stages and what that order rests on."""
    pipeline: str | None            # the pipeline of the funnel (None: the deals name no pipeline)
    pipelines: list[dict]           # every pipeline: {"name", "deals"}, the largest first
    decision: Decision

    @property
    def basis(self) -> str:
        return self.decision.basis

    @property
    def stages(self) -> list[str]:
        return self.decision.stages

    def to_json(self) -> dict:
        return {"basis": self.basis, "guess": self.decision.guess, "pipeline": self.pipeline,
                "pipelines": self.pipelines, "stages": self.stages, "unplaced": self.decision.unplaced}

    def limits(self) -> list[Limit]:
        """The caveats of the checks that compare stages."""
        out: list[Limit] = []
        if self.decision.guess:
            out.append(StageOrderLimit("stage_order", {"basis": self.basis}))
        if self.decision.unplaced:
            out.append(Limit("stage_order_unplaced", {"basis": self.basis,
                                                      "stages": ", ".join(self.decision.unplaced)}))
        if len(self.pipelines) > 1:
            out.append(Limit("funnel_pipeline", {"pipeline": self.pipeline or "—", "count": len(self.pipelines)}))
        return out


@dataclass(frozen=True)
class StageOrderLimit(Limit):
    """`limit.stage_order.<basis>`: the text says what the guessed order rests on."""

    def text(self, lang: str) -> str:
        return t(f"limit.stage_order.{self.params.get('basis', 'none')}", lang)


def key_of(pipeline: str | None) -> str:
    """The key of a pipeline in a user's stage orders ("" when the deals name none)."""
    return pipeline or ""


def user_order_for(orders: dict | None, pipeline: str | None) -> list[str] | None:
    orders = orders or {}
    got = orders.get(key_of(pipeline))
    if got is None and pipeline is not None:
        got = orders.get("")
    return [str(s) for s in got] if isinstance(got, list) else None


def pipelines(cur) -> list[dict]:
    """Every pipeline of the deals with its deal count, the largest first ({"name": None} when the
    deals name no pipeline)."""
    rows = cur.execute("select pipeline, count(*) from deals group by pipeline "
                       "order by count(*) desc, pipeline nulls last").fetchall()
    return [{"name": p, "deals": n} for p, n in rows]


def read(cur, pipeline: str | None = None, user_orders: dict | None = None,
         preset: str | None = None) -> FunnelOrder:
    """Decide the funnel's pipeline and stage order from the canonical tables on `cur`."""
    found = pipelines(cur)
    names = [p["name"] for p in found]
    chosen = pipeline if pipeline in names else (names[0] if names else None)
    where = "pipeline is not distinct from $p"
    stats = cur.execute(f"select stage, count(*), count(*) filter (where status = 'won') from deals "
                        f"where {where} and stage is not null group by stage", {"p": chosen}).fetchall()
    classes = {s: stage_class(s, n, w) for s, n, w in stats}
    hist_stages = cur.execute(
        f"select distinct stage from stage_history where stage is not null and deal_id in "
        f"(select deal_id from deals where {where})", {"p": chosen}).fetchall()
    for (s,) in hist_stages:
        classes.setdefault(s, stage_class(s))
    lost = [s for s, c in classes.items() if c == "lost"]
    history = _history_order(cur, chosen, lost)
    history = [s for s in history if s in classes] if history else None
    # The uploaded stages: those of this pipeline, or seen in no pipeline at all.
    table = [r[0] for r in cur.execute("select stage from stages where stage is not null "
                                       "order by position nulls last, stage").fetchall()]
    if table and len(found) > 1:
        elsewhere = {r[0] for r in cur.execute(
            f"select distinct stage from deals where not ({where}) and stage is not null", {"p": chosen}).fetchall()}
        table = [s for s in table if s in classes or s not in elsewhere]
    decision = decide(classes, table or None, user_order_for(user_orders, chosen), history or None, preset)
    return FunnelOrder(chosen, found, decision)


def _history_order(cur, pipeline: str | None, lost: list[str]) -> list[str] | None:
    """The open and won stages in the order deals enter them: over deals whose history shows two or
    more stages, each stage's mean ordinal of first entry (the current stage, when the history lacks
    it, comes after the history). None when no deal's history shows an order."""
    rows = cur.execute("""
        with pd as (select deal_id, stage, status from deals where pipeline is not distinct from $p),
        hist as (
            select deal_id, stage, min(entered_at) as first_at from stage_history
            where deal_id in (select deal_id from pd) and stage is not null
              and stage not in (select unnest($lost::VARCHAR[]))
            group by deal_id, stage
        ),
        moved as (select deal_id from hist group by deal_id having count(*) >= 2),
        entries as (
            select deal_id, stage, first_at from hist where deal_id in (select deal_id from moved)
            union all
            select d.deal_id, d.stage, null from pd d
            where d.deal_id in (select deal_id from moved) and d.stage is not null
              and d.stage not in (select unnest($lost::VARCHAR[]))
              and not exists (select 1 from hist h where h.deal_id = d.deal_id and h.stage = d.stage)
        ),
        ordinal as (
            select stage, row_number() over (partition by deal_id order by first_at nulls last, stage) as n
            from entries
        )
        select stage, avg(n) as pos from ordinal group by stage order by pos, stage
    """, {"p": pipeline, "lost": lost}).fetchall()
    return [r[0] for r in rows] or None


def prepare(cur, pipeline: str | None = None, user_orders: dict | None = None,
            preset: str | None = None) -> FunnelOrder:
    """Decide, then write the decision on `cur` (temporary tables `stage_order` and `funnel_scope`,
    shadowing the staging views of those names) for funnel.sql and the other stage queries."""
    order = read(cur, pipeline, user_orders, preset)
    cur.execute("create or replace temp table stage_order (stage VARCHAR, position INTEGER)")
    if order.stages:
        cur.executemany("insert into temp.stage_order values (?, ?)",
                        [[s, i] for i, s in enumerate(order.stages, 1)])
    cur.execute("create or replace temp table funnel_scope (pipeline VARCHAR, basis VARCHAR, guess BOOLEAN, "
                "pipelines STRUCT(name VARCHAR, deals BIGINT)[], unplaced VARCHAR[])")
    cur.execute("insert into temp.funnel_scope values ($pipeline, $basis, $guess, $pipelines, $unplaced)",
                {"pipeline": order.pipeline, "basis": order.basis, "guess": order.decision.guess,
                 "pipelines": order.pipelines, "unplaced": order.decision.unplaced})
    return order


def release(cur) -> None:
    """Drop what `prepare` made on `cur`."""
    cur.execute("drop table if exists temp.stage_order")
    cur.execute("drop table if exists temp.funnel_scope")
