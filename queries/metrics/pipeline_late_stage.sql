-- pipeline_late_stage: how often deals that came to the last step before the win are actually won,
-- the step where price and terms are settled. That step is the stage deals most often enter just
-- before a won stage (from the stage history). A closed deal counts when it entered that stage or
-- was won; the rate is won / those closed deals. Within the funnel's pipeline (funnel_scope): the
-- last step of one pipeline says nothing about another's.
--   pipeline_late_stage:        the name of that stage;
--   pipeline_late_win_rate:     the rate over all deals;
--   pipeline_late_win_rate_min: the weakest seller's rate, over managers with at least
--                               $negotiation_min_deals such closed deals (null with fewer than two),
--                               leaving out the people the staff list names as heads or as not
--                               active on $as_of (as staff_sellers: a head is no seller to compare);
--   pipeline_late_weakest:      that manager.
-- returns: pipeline_late_stage, pipeline_late_win_rate, pipeline_late_win_rate_min, pipeline_late_weakest
-- needs: deals, stage_history
-- shape: row
with pd as (
    select * from deals where pipeline is not distinct from (select pipeline from funnel_scope)
),
won_stages as (
    select distinct stage from pd where status = 'won'
),
steps as (
    select deal_id, stage, lag(stage) over (partition by deal_id order by entered_at, stage) as before
    from stage_history where deal_id in (select deal_id from pd)
),
late as (   -- the stage most often entered right before a won one
    select before as stage
    from steps
    where stage in (select stage from won_stages) and before is not null
      and before not in (select stage from won_stages)
    group by before
    order by count(*) desc, before
    limit 1
),
reached as (
    select distinct deal_id from stage_history where stage in (select stage from late)
),
closed as (
    select manager, status = 'won' as is_won
    from pd
    where status = 'won' or (status = 'lost' and deal_id in (select deal_id from reached))
),
left_out as (   -- on the staff list as a head or as not active on $as_of
    select manager from managers
    except
    select manager from active_staff($as_of) where not is_head
),
per_manager as (
    select manager, count(*) filter (where is_won) / count(*) as rate
    from closed
    where manager is not null and not exists (select 1 from left_out l where l.manager = closed.manager)
    group by manager
    having count(*) >= $negotiation_min_deals
)
select
    (select stage from late)                                                   as pipeline_late_stage,
    case when (select count(*) from late) > 0 then
        (select count(*) filter (where is_won) / nullif(count(*), 0) from closed)
    end                                                                        as pipeline_late_win_rate,
    case when (select count(*) from per_manager) >= 2 then (select min(rate) from per_manager) end
                                                                               as pipeline_late_win_rate_min,
    case when (select count(*) from per_manager) >= 2 then (select arg_min(manager, rate) from per_manager) end
                                                                               as pipeline_late_weakest
