-- segments_win_rate: win rate (won / (won + lost)) of deals by the ABC class of their client; deals
-- of clients who never ordered (or of no client at all) under "no_orders". ABC as in segments_abc.
-- returns: segments_win_rate
-- needs: deals, orders
-- shape: map
with orders_ as (
    select client_id, order_key
    from stg_orders
    group by client_id, order_key
    having sum(amount) > 0
),
revenue as (
    select client_id, sum(amount) as revenue
    from stg_orders
    where client_id in (select client_id from orders_)
    group by client_id
),
ranked as (
    select
        client_id,
        coalesce(sum(revenue) over (order by revenue desc, client_id
                                    rows between unbounded preceding and 1 preceding), 0) as above,
        sum(revenue) over () as total
    from revenue
),
abc as (
    select client_id,
           case when above < $abc_a_share * total then 'A'
                when above < $abc_b_share * total then 'B'
                else 'C' end as abc
    from ranked
)
select
    coalesce(abc.abc, 'no_orders')                                                             as segment,
    count(*) filter (where d.status = 'won')
        / nullif(count(*) filter (where d.status in ('won', 'lost')), 0)                 as win_rate
from deals d left join abc using (client_id)
group by 1
order by 1
