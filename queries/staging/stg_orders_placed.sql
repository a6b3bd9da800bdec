-- stg_orders_placed: the orders that count as orders: an order_key of stg_orders whose lines sum to
-- more than 0 (returns are not orders). One row per order: client_id, order_key, total (net),
-- placed_at (its latest line), first_line_at (its earliest line), manager (one named on its lines).
create or replace view stg_orders_placed as
select
    client_id,
    order_key,
    sum(amount)             as total,
    max(ordered_at)         as placed_at,
    min(ordered_at)         as first_line_at,
    any_value(manager)      as manager
from stg_orders
group by client_id, order_key
having sum(amount) > 0
