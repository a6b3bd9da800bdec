-- stale_deals: open deals with no stage change for more than $stale_days days before $as_of (their
-- creation counts when they have no history), grouped by manager, the longest-stuck first: the
-- deals to raise at each manager's pipeline review.
-- needs: deals
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
  and epoch($as_of::TIMESTAMP - coalesce(m.moved_at, d.created_at)) / 86400.0 > $stale_days
order by d.manager nulls last, coalesce(m.moved_at, d.created_at), d.deal_id
