-- client_abc(a_share, b_share): the ABC class of every ordering client (one with a row in
-- stg_orders_placed): client_id, revenue (net: all its lines, returns included; client_revenue), abc.
-- Clients are ranked by revenue, ties by client_id; a client is A while the revenue of everyone ranked
-- above it is below a_share of the total, B below b_share, else C. With by_margin > 0 and margins in
-- the orders, clients are ranked by their margin instead (revenue is still returned as revenue).
-- Called as client_abc($abc_a_share, $abc_b_share, $abc_by_margin).
create or replace macro client_abc(a_share, b_share, by_margin := 0) as table
with margins as (   -- ranking by margin needs orders that carry it
    select count(margin) > 0 as present from orders
),
valued as (
    select client_id, revenue,
           case when by_margin > 0 and (select present from margins) then margin else revenue end as value
    from client_revenue
),
ranked as (
    select
        client_id, revenue,
        coalesce(sum(value) over (order by value desc, client_id
                                  rows between unbounded preceding and 1 preceding), 0) as above,
        sum(value) over () as total
    from valued
)
select client_id, revenue,
       case when above < a_share * total then 'A'
            when above < b_share * total then 'B'
            else 'C' end as abc
from ranked
