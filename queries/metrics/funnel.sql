-- funnel: every stage of one pipeline's funnel in order, with the deals that reached it and the
-- conversion from the previous stage. A deal reached a stage when it entered it or any later stage.
-- The pipeline and the order come from funnel_scope and stage_order (decided by audits/stages.py for
-- an audit: the uploaded stages table, the user's order, the stage history, the CRM's default
-- pipeline, the stage words); stages that are not steps (lost) are not in stage_order. When nothing
-- tells the order (funnel_scope.basis = 'none') the stages come by name, each with the deals that
-- entered it, and no conversion: a step between two stages in no known order is no step.
-- returns: funnel
-- needs: deals
-- shape: rows
with pd as (
    select deal_id, stage from deals where pipeline is not distinct from (select pipeline from funnel_scope)
),
entries as (   -- every stage a deal of the pipeline has been in: its history, and its current stage
    select deal_id, stage from stage_history where deal_id in (select deal_id from pd)
    union all
    select deal_id, stage from pd
),
ranked as (
    select stage, position from stage_order
),
furthest as (
    select e.deal_id, max(r.position) as position from entries e join ranked r using (stage) group by e.deal_id
),
cumulative as (
    select r.position, r.stage, count(f.deal_id) as reached
    from ranked r left join furthest f on f.position >= r.position
    group by r.position, r.stage
),
entered as (   -- without any order (basis none): the deals that entered each stage, no conversion
    select r.position, r.stage, count(distinct e.deal_id) as reached
    from ranked r left join entries e using (stage)
    group by r.position, r.stage
),
final as (
    select * from cumulative where (select basis from funnel_scope) is distinct from 'none'
    union all
    select * from entered where (select basis from funnel_scope) = 'none'
)
select
    stage,
    reached,
    case when (select basis from funnel_scope) is distinct from 'none'
         then reached / nullif(lag(reached) over (order by position), 0) end as conversion
from final
order by position
