-- open_deals_without_task: open deals that have no task at all (nobody planned the next step), the
-- largest first, with how long ago they last moved.
-- needs: deals, tasks
-- shape: rows
with last_move as (
    select deal_id, max(entered_at) as moved_at from stage_history group by deal_id
)
select
    d.manager,
    d.deal_id,
    d.client_id,
    d.stage,
    d.amount::DOUBLE                                                                  as amount,
    cast(coalesce(m.moved_at, d.created_at) as date)                                  as last_move,
    floor(epoch($as_of::TIMESTAMP - coalesce(m.moved_at, d.created_at)) / 86400.0)::INTEGER as days_idle
from deals d left join last_move m using (deal_id)
where d.status = 'open'
  and d.deal_id not in (select deal_id from tasks where deal_id is not null)
order by d.amount desc nulls last, d.manager nulls last, d.deal_id
