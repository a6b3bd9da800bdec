-- rfm: one row per ordering client (a client with an order whose lines sum to more than 0, as
-- stg_orders_placed counts them), ordered by client_id, for the segments page and the clusters:
-- client_id, name (clients), abc and monetary (net revenue, all its lines, returns included; ABC as the
-- staging macro client_abc ranks it), xyz (as client_xyz, so as segments_matrix.sql counts them),
-- recency_days (fractional days from its last order to $as_of, never below 0), frequency (orders),
-- products (distinct products over its lines with amount > 0), margin (sum of orders.margin, null when
-- none of its lines has one), first_order_at, last_order_at, tenure_days (first order to $as_of).
-- The order lines are read by two grouped aggregates in one query (per order, per product bought), not
-- by the macros, which read them once for ABC, again for XYZ and again for the products; a single
-- GROUPING SETS pass measured slower in DuckDB than the two (benchmarks/bench_segments.py).
-- returns: rfm
-- needs: orders
-- shape: rows
with per_order as (   -- placed when its lines sum to more than 0
    select
        client_id,
        order_key,
        sum(amount)      as total,
        max(ordered_at)  as placed_at,
        sum(margin)      as margin,
        count(margin)    as margins
    from stg_orders
    group by client_id, order_key
),
per_month as (   -- per client, calendar month of the order and placed or not
    select
        client_id,
        date_trunc('month', placed_at)  as month,
        total > 0                       as placed,
        count(*)                        as orders,
        sum(total)                      as revenue,
        sum(margin)                     as margin,
        sum(margins)                    as margins,
        min(placed_at)                  as first_at,
        max(placed_at)                  as last_at
    from per_order
    group by all
),
per_client as (
    select
        client_id,
        sum(revenue)                                as revenue,
        sum(margin)                                 as margin,
        sum(margins)                                as margins,
        max(last_at)                                as last_line_at,
        sum(orders) filter (where placed)::BIGINT   as frequency,
        min(first_at) filter (where placed)         as first_order_at,
        max(last_at) filter (where placed)          as last_order_at,
        min(month) filter (where placed)            as first_month,
        count(*) filter (where placed)              as active_months
    from per_month
    group by client_id
),
placed as (   -- the ordering clients; the data's last month and whether any line has a margin: of all lines
    select
        *,
        date_trunc('month', max(last_line_at) over ())  as last_month,
        sum(margins) over () > 0                         as margins_present
    from per_client
    qualify frequency > 0
),
valued as (
    select *, case when $abc_by_margin > 0 and margins_present then coalesce(margin, 0) else revenue end as value
    from placed
),
ranked as (   -- ABC as client_abc: by net revenue (or margin), ties by client_id
    select
        *,
        coalesce(sum(value) over (order by value desc, client_id
                                  rows between unbounded preceding and 1 preceding), 0)   as above,
        sum(value) over ()                                                                 as value_total,
        datediff('month', first_month, last_month) + 1                                     as window_months
    from valued
),
products as (   -- every ordering client has a line with amount > 0, so the inner join keeps them all
    select client_id, count(distinct product) as products
    from stg_orders
    where amount > 0
    group by client_id
),
names as (   -- clients holds one row per client_id; any_value keeps the join one-to-one regardless
    select client_id, any_value(name) as name from clients group by client_id
)
select
    r.client_id,
    n.name,
    case when above < $abc_a_share * value_total then 'A'
         when above < $abc_b_share * value_total then 'B'
         else 'C' end                                                         as abc,
    case when window_months < $xyz_min_months then 'N'
         when active_months / window_months >= $xyz_x_share then 'X'
         when active_months / window_months >= $xyz_y_share then 'Y'
         else 'Z' end                                                         as xyz,
    greatest(epoch($as_of::TIMESTAMP - last_order_at) / 86400.0, 0)            as recency_days,
    frequency,
    revenue::DOUBLE                                                           as monetary,
    p.products,
    margin::DOUBLE                                                            as margin,
    first_order_at,
    last_order_at,
    greatest(epoch($as_of::TIMESTAMP - first_order_at) / 86400.0, 0)          as tenure_days
from ranked r
join products p using (client_id)
left join names n using (client_id)
order by client_id
