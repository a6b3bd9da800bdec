-- open_deals_without_task: open deals that have no task at all (nobody planned the next step), the
-- largest first, with how long ago they last moved (before $as_of; see the staging macro open_deals).
-- needs: deals, tasks
-- shape: rows
select manager, deal_id, client_id, stage, amount, last_move, days_idle
from open_deals($as_of)
where not has_task
order by amount desc nulls last, manager nulls last, deal_id
