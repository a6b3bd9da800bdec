-- crm_late_close: lost deals whose loss was written into the CRM long after anything happened on
-- them (data entered later than the event). A lost deal's last sign of life is the latest of: its
-- creation, its stage entries before the close, its completed tasks, and the answered calls and the
-- meetings with its client, each between its creation and its close. Its close is closed_at, else
-- its latest stage entry. The gap is the fractional days from the last sign of life to the close.
--   crm_late_close:             lost deals closed more than $crm_late_close_days days after it;
--   crm_late_close_share:       of the lost deals whose gap is known (a close and a creation or an
--                               earlier stage entry);
--   crm_late_close_median_days: the median gap over those deals.
-- Calls and meetings count only when they link to the deal's client, so a deal of a client the
-- calls do not reach is judged on its stages and tasks alone. Only deals whose activity the data
-- tracks are judged: the deal has a stage history or a task, or its client has an answered call or a
-- meeting at any time. A deal with none of them (an export of deals alone) cannot tell a late entry
-- from a long cycle, and is left out; with no deal left the metrics are null.
-- returns: crm_late_close, crm_late_close_share, crm_late_close_median_days
-- needs: deals
-- shape: row
with tracked as (
    select deal_id from stage_history
    union select deal_id from tasks where deal_id is not null
    union select d.deal_id from deals d where d.client_id in (select client_id from stg_calls where is_answered)
    union select d.deal_id from deals d where d.client_id in (select client_id from meetings)
),
lost as (
    select
        d.deal_id, d.client_id, d.created_at,
        coalesce(d.closed_at, (select max(entered_at) from stage_history h where h.deal_id = d.deal_id)) as closed
    from deals d
    where d.status = 'lost' and d.deal_id in (select deal_id from tracked)
),
signs as (
    select l.deal_id, l.created_at as at from lost l
    union all
    select l.deal_id, h.entered_at from lost l join stage_history h using (deal_id)
    where h.entered_at < l.closed
    union all
    select l.deal_id, t.completed_at from lost l join tasks t using (deal_id)
    where t.completed_at < l.closed
    union all
    select l.deal_id, c.started_at from lost l join stg_calls c on c.client_id = l.client_id
    where c.is_answered and c.started_at < l.closed and c.started_at >= coalesce(l.created_at, l.closed)
    union all
    select l.deal_id, m.held_at from lost l join meetings m on m.client_id = l.client_id
    where m.held_at < l.closed and m.held_at >= coalesce(l.created_at, l.closed)
),
gaps as (
    select l.deal_id, epoch(l.closed - max(s.at)) / 86400.0 as gap_days
    from lost l join signs s using (deal_id)
    where l.closed is not null and s.at is not null and s.at <= l.closed
    group by l.deal_id, l.closed
)
select   -- all null when no lost deal has a known gap
    case when count(*) > 0 then count(*) filter (where gap_days > $crm_late_close_days) end as crm_late_close,
    count(*) filter (where gap_days > $crm_late_close_days) / nullif(count(*), 0) as crm_late_close_share,
    median(gap_days)                                                              as crm_late_close_median_days
from gaps
