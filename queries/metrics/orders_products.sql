-- orders_products: how many different products a client buys: the average number of distinct products
-- per ordering client over its lines with amount > 0 (single_product_share of order_metrics is the
-- share of clients with exactly one).
-- returns: orders_products_per_client
-- needs: orders
-- shape: row
with breadth as (
    select client_id, count(distinct product) as products
    from stg_orders
    where amount > 0 and product is not null and client_id in (select client_id from stg_orders_placed)
    group by client_id
)
select avg(products)::DOUBLE as orders_products_per_client from breadth
