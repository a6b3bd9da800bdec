-- rfm: one row per ordering client (a client with a row in stg_orders_placed), ordered by client_id, for
-- the segments page and the clusters: client_id, name (clients), abc and monetary (client_abc: net
-- revenue, all its lines, returns included), xyz (as segments_matrix.sql defines it: months with an
-- order over the months from its first order to the data's last month; N under $xyz_min_months),
-- recency_days (fractional days from its last order to $as_of, never below 0), frequency (orders),
-- products (distinct products over its lines with amount > 0), margin (sum of orders.margin, null when
-- none of its lines has one), first_order_at, last_order_at, tenure_days (first order to $as_of).
-- returns: rfm
-- needs: orders
-- shape: rows
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
data_end as (
    select date_trunc('month', max(ordered_at)) as last_month from orders
),
placed as (
    select
        client_id,
        count(*)                                                                          as frequency,
        min(placed_at)                                                                    as first_order_at,
        max(placed_at)                                                                    as last_order_at,
        count(distinct date_trunc('month', placed_at))                                    as active_months,
        datediff('month', min(date_trunc('month', placed_at)), any_value(last_month)) + 1 as window_months
    from stg_orders_placed, data_end
    group by client_id
),
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
        case when p.window_months < $xyz_min_months then 'N'
             when p.active_months / p.window_months >= $xyz_x_share then 'X'
             when p.active_months / p.window_months >= $xyz_y_share then 'Y'
             else 'Z' end                                                          as xyz,
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
