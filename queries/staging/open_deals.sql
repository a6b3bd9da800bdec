-- open_deals(as_of): every open deal with its last move and the task state: manager, deal_id,
-- client_id, stage, amount (DOUBLE), moved_at (its latest stage entry, its creation without history),
-- last_move (that day), idle_days (fractional days from moved_at to as_of), days_idle (idle_days
-- rounded down), has_task (any task names the deal). Called as open_deals($as_of).
create or replace macro open_deals(as_of) as table
with last_move as (
    select deal_id, max(entered_at) as moved_at from stage_history group by deal_id
),
moved as (
    select d.*, coalesce(m.moved_at, d.created_at) as last_moved_at
    from deals d left join last_move m using (deal_id)
    where d.status = 'open'
)
select
    manager,
    deal_id,
    client_id,
    stage,
    amount::DOUBLE                                                  as amount,
    last_moved_at                                                   as moved_at,
    cast(last_moved_at as date)                                     as last_move,
    epoch(as_of::TIMESTAMP - last_moved_at) / 86400.0               as idle_days,
    floor(epoch(as_of::TIMESTAMP - last_moved_at) / 86400.0)::INTEGER as days_idle,
    deal_id in (select deal_id from tasks where deal_id is not null) as has_task
from moved
