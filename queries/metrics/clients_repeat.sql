-- clients_repeat: the repeat-purchase funnel and the value of returning clients.
--   clients_second_order_rate: of clients whose first order is more than $lost_after_days days before
--                              $as_of (they had time to come back), the share with a 2nd order;
--   clients_third_order_rate:  of those with a 2nd order, the share with a 3rd;
--   clients_returning_revenue_share: revenue of 2nd and later orders / revenue of all orders;
--   clients_margin_share:      gross margin / revenue over the lines that carry a margin (null without);
--   clients_ltv:               LTV = S x C x P x t: average order x orders per client-month x margin
--                              share x average lifetime in months (first to last order month, both
--                              included); null when no line carries a margin: no margin is invented.
-- returns: clients_second_order_rate, clients_third_order_rate, clients_returning_revenue_share, clients_margin_share, clients_ltv
-- needs: orders
-- shape: row
with numbered as (
    select *, row_number() over (partition by client_id order by placed_at, order_key) as n
    from stg_orders_placed
),
per_client as (
    select
        client_id,
        count(*)                                                                          as orders,
        min(placed_at)                                                                    as first_at,
        datediff('month', min(date_trunc('month', placed_at)), max(date_trunc('month', placed_at))) + 1
                                                                                          as lifetime_months
    from stg_orders_placed
    group by client_id
),
seasoned as (
    select * from per_client
    where epoch($as_of::TIMESTAMP - first_at) / 86400.0 > $lost_after_days
),
margin as (
    select sum(margin) / nullif(sum(amount) filter (where margin is not null), 0) as share
    from orders
    where margin is not null
),
parts as (
    select
        (select count(*) filter (where orders >= 2) / nullif(count(*), 0) from seasoned)  as second_rate,
        (select count(*) filter (where orders >= 3)
                / nullif(count(*) filter (where orders >= 2), 0) from seasoned)           as third_rate,
        (select sum(total) filter (where n > 1) / nullif(sum(total), 0) from numbered)    as returning_share,
        (select avg(total) from stg_orders_placed)                                                  as avg_order,
        (select sum(orders) / nullif(sum(lifetime_months), 0) from per_client)            as orders_per_month,
        (select avg(lifetime_months) from per_client)                                     as lifetime,
        (select share from margin)                                                        as margin_share
)
select
    second_rate                                                                          as clients_second_order_rate,
    third_rate                                                                           as clients_third_order_rate,
    returning_share::DOUBLE                                                              as clients_returning_revenue_share,
    margin_share::DOUBLE                                                                 as clients_margin_share,
    (avg_order * orders_per_month * margin_share * lifetime)::DOUBLE                     as clients_ltv
from parts
