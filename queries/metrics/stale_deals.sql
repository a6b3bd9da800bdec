-- stale_deals: open deals whose latest stage entry (their creation when they have no history) lies
-- more than $stale_days days before $as_of.
-- returns: stale_deals
-- needs: deals
-- shape: row
-- params: $as_of, $stale_days
with last_move as (
    select deal_id, max(entered_at) as moved_at from stage_history group by deal_id
)
select count(*) as stale_deals
from deals d left join last_move m using (deal_id)
where d.status = 'open'
  and epoch($as_of::TIMESTAMP - coalesce(m.moved_at, d.created_at)) / 86400.0 > $stale_days
