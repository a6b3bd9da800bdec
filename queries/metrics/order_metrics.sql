-- order_metrics: net revenue, clients with at least one order (an order's lines sum to more than 0,
-- so returns are not orders), repeat buyers, clients lost (last order more than $lost_after_days
-- days before $as_of) and the share of clients who bought a single product.
-- returns: revenue_total, clients_ordering, repeat_rate, lost_clients, single_product_share
-- needs: orders
-- shape: row
-- params: $as_of, $lost_after_days
with buyers as (
    select client_id, count(*) as orders, max(placed_at) as last_at from stg_orders_placed group by client_id
),
breadth as (
    select client_id, count(distinct product) as products
    from stg_orders
    where amount > 0 and product is not null and client_id in (select client_id from buyers)
    group by client_id
)
select
    (select sum(amount)::DOUBLE from orders)                                       as revenue_total,
    count(*)                                                                       as clients_ordering,
    count(*) filter (where orders >= 2) / nullif(count(*), 0)                      as repeat_rate,
    count(*) filter (where epoch($as_of::TIMESTAMP - last_at) / 86400.0 > $lost_after_days) as lost_clients,
    (select count(*) filter (where products = 1) / nullif(count(*), 0) from breadth) as single_product_share
from buyers
