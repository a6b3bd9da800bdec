-- stg_orders: order lines with the key of the order they belong to.
-- An order is a distinct order_id of a client, or a client and day when there is no order_id.
create or replace view stg_orders as
select
    orders.*,
    coalesce(order_id, client_id || '@' || cast(cast(ordered_at as date) as varchar)) as order_key,
    cast(date_trunc('month', ordered_at) as date)                                   as order_month
from orders
