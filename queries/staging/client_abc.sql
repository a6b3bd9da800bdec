-- client_abc(a_share, b_share): the ABC class of every ordering client (one with a row in
-- stg_orders_placed): client_id, revenue (net: all its lines, returns included), abc. Clients are
-- ranked by revenue, ties by client_id; a client is A while the revenue of everyone ranked above it is
-- below a_share of the total, B below b_share, else C. Called as client_abc($abc_a_share, $abc_b_share).
create or replace macro client_abc(a_share, b_share) as table
with revenue as (
    select client_id, sum(amount) as revenue
    from stg_orders
    where client_id in (select client_id from stg_orders_placed)
    group by client_id
),
ranked as (
    select
        client_id, revenue,
        coalesce(sum(revenue) over (order by revenue desc, client_id
                                    rows between unbounded preceding and 1 preceding), 0) as above,
        sum(revenue) over () as total
    from revenue
)
select client_id, revenue,
       case when above < a_share * total then 'A'
            when above < b_share * total then 'B'
            else 'C' end as abc
from ranked
