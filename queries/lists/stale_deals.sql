-- stale_deals: open deals with no stage change for more than $stale_days days before $as_of (their
-- creation counts when they have no history), grouped by manager, the longest-stuck first: the
-- deals to raise at each manager's pipeline review (see the staging macro open_deals).
-- needs: deals
-- shape: rows
select manager, deal_id, client_id, stage, amount, last_move, days_idle
from open_deals($as_of)
where idle_days > $stale_days
order by manager nulls last, moved_at, deal_id
