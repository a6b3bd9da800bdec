-- clients_meetings_no_order: the share of meetings with a known client after which that client placed
-- no order at all up to the end of the data ("many meetings, no result").
-- returns: meetings_no_order_share
-- needs: meetings, orders
-- shape: row
with last_order as (
    select client_id, max(placed_at) as last_at from stg_orders_placed group by client_id
)
select
    count(*) filter (where l.last_at is null or l.last_at < cast(m.held_at as date))
        / nullif(count(*), 0)                                                            as meetings_no_order_share
from meetings m left join last_order l using (client_id)
where m.client_id is not null
