-- new_deals_not_contacted: new deals nobody called or wrote to (no outgoing or answered call with the
-- client, no completed task on the deal since its creation; see the staging view lead_touch), the
-- latest first.
-- needs: deals, calls
-- shape: rows
select manager, deal_id, client_id, channel, stage, amount, created_at
from lead_touch
where touched_at is null
order by created_at desc, manager nulls last, deal_id
