-- client_revenue: the revenue of every ordering client (one with a row in stg_orders_placed), as
-- client_abc ranks it: client_id, revenue (net: all its lines, returns included), margin (the sum of
-- its lines' margins, a line without one counting 0).
create or replace view client_revenue as
select client_id, sum(amount) as revenue, sum(coalesce(margin, 0)) as margin
from stg_orders
where client_id in (select client_id from stg_orders_placed)
group by client_id
