-- rfm: one row per ordering client (a client with a row in stg_orders_placed), ordered by client_id, for
-- the segments page and the clusters: client_id, name (clients), abc and monetary (client_abc: net
-- revenue, all its lines, returns included), xyz (client_xyz, as segments_matrix.sql counts them),
-- recency_days (fractional days from its last order to $as_of, never below 0), frequency (orders),
-- products (distinct products over its lines with amount > 0), margin (sum of orders.margin, null when
-- none of its lines has one), first_order_at, last_order_at, tenure_days (first order to $as_of).
-- returns: rfm
-- needs: orders
-- shape: rows
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
placed as (select * from client_xyz($xyz_x_share, $xyz_y_share, $xyz_min_months)),
lines as (
    select client_id,
           count(distinct product) filter (where amount > 0) as products,
           sum(margin)::DOUBLE                               as margin
    from stg_orders
    group by client_id
),
names as (   -- clients holds one row per client_id; any_value keeps the join one-to-one regardless
    select client_id, any_value(name) as name from clients group by client_id
),
final as (
    select
        p.client_id,
        n.name,
        abc.abc,
        p.xyz,
        greatest(epoch($as_of::TIMESTAMP - p.last_order_at) / 86400.0, 0)          as recency_days,
        p.frequency,
        abc.revenue::DOUBLE                                                        as monetary,
        l.products,
        l.margin,
        p.first_order_at,
        p.last_order_at,
        greatest(epoch($as_of::TIMESTAMP - p.first_order_at) / 86400.0, 0)         as tenure_days
    from placed p
    join abc using (client_id)
    left join lines l using (client_id)
    left join names n using (client_id)
)
select * from final
order by client_id
