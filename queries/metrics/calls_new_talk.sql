-- calls_new_talk: how long conversations with new clients last (the seed: a real conversation with a
-- new client takes 5-7 minutes). A call is with a new client as in calls_client_kind: its number does
-- not link to a client who placed an order on a day before the call.
--   calls_new_talk_answered:   answered calls with new clients;
--   calls_new_talk_median_min: their median length in minutes;
--   calls_new_talk_5min_share: the share of them lasting 5 minutes or more.
-- returns: calls_new_talk_answered, calls_new_talk_median_min, calls_new_talk_5min_share
-- needs: calls, orders
-- shape: row
with first_orders as (
    select client_id, min(first_line_at) as first_order_at from stg_orders_placed group by client_id
),
new_calls as (
    select c.duration_s
    from stg_calls c left join first_orders f using (client_id)
    where c.is_answered and not coalesce(f.first_order_at::DATE < c.call_date, false)
)
select
    count(*)                                                               as calls_new_talk_answered,
    median(duration_s) / 60.0                                              as calls_new_talk_median_min,
    count(*) filter (where duration_s >= 300) / nullif(count(*), 0)        as calls_new_talk_5min_share
from new_calls
