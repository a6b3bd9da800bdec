-- pipeline_by_manager: every manager's open deals: how many, their value and average, how many are
-- stale (no stage change for more than $stale_days days before $as_of), how many have no task at
-- all (null when no tasks were uploaded) and the age of the oldest stuck one; the largest pipeline first.
-- returns: pipeline_by_manager
-- needs: deals
-- shape: rows
with last_move as (
    select deal_id, max(entered_at) as moved_at from stage_history group by deal_id
),
tasked as (
    select distinct deal_id from tasks where deal_id is not null
),
open_deals as (
    select
        d.manager,
        d.amount,
        epoch($as_of::TIMESTAMP - coalesce(m.moved_at, d.created_at)) / 86400.0 as idle_days,
        t.deal_id is not null                                                   as has_task
    from deals d
    left join last_move m using (deal_id)
    left join tasked t using (deal_id)
    where d.status = 'open'
)
select
    manager,
    count(*)                                                             as open_deals,
    sum(amount)::DOUBLE                                                  as open_value,
    avg(amount)::DOUBLE                                                  as avg_value,
    count(*) filter (where idle_days > $stale_days)                      as stale,
    case when (select count(*) from tasks) > 0 then count(*) filter (where not has_task) end as without_task,
    max(idle_days)                                                       as oldest_idle_days
from open_deals
group by manager
order by open_value desc nulls last, open_deals desc, manager nulls last
