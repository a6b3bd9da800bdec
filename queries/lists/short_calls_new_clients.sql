-- short_calls_new_clients: answered calls shorter than $short_call_s seconds with clients who had not
-- ordered before the call's day (or numbers unknown to the CRM): the calls to listen to first, the
-- most recent first. Without uploaded orders every short call is listed.
-- needs: calls
-- shape: rows
with first_orders as (
    select client_id, min(first_line_at) as first_order_at from stg_orders_placed group by client_id
)
select
    c.started_at,
    c.manager,
    c.phone,
    c.client_id,
    c.duration_s,
    c.recording_url
from stg_calls c left join first_orders f using (client_id)
where c.is_answered
  and c.duration_s < $short_call_s
  and not coalesce(f.first_order_at::DATE < c.call_date, false)
order by c.started_at desc, c.manager
