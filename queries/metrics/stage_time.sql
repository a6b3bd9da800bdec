-- stage_time: how long deals stay in each stage of the funnel's pipeline (funnel_scope), in the order
-- of stage_order: for every entry of a deal into a stage, the fractional days until the deal's next
-- entry into any stage (its stay); a stay that has not ended (the deal's latest entry) is not
-- counted, so won and lost stages have none. Rows: stage, stays (ended stays), median_days and
-- p75_days over them. Two entries at the same moment are ordered by stage name (a stay of 0 days).
-- returns: stage_time
-- needs: deals, stage_history
-- shape: rows
with pd as (
    select deal_id from deals where pipeline is not distinct from (select pipeline from funnel_scope)
),
stays as (
    select
        h.stage,
        epoch(lead(h.entered_at) over (partition by h.deal_id order by h.entered_at, h.stage) - h.entered_at)
            / 86400.0 as days
    from stage_history h
    where h.deal_id in (select deal_id from pd) and h.entered_at is not null
)
select
    o.stage,
    count(s.days)                                   as stays,
    median(s.days)                                  as median_days,
    quantile_cont(s.days, 0.75)                     as p75_days
from stage_order o join stays s using (stage)
group by o.position, o.stage
having count(s.days) > 0
order by o.position
