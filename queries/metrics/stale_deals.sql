-- stale_deals: open deals whose latest stage entry (their creation when they have no history) lies
-- more than $stale_days days before $as_of (see the staging macro open_deals).
-- returns: stale_deals
-- needs: deals
-- shape: row
-- params: $as_of, $stale_days
select count(*) as stale_deals
from open_deals($as_of)
where idle_days > $stale_days
