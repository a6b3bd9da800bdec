-- segments_win_rate: win rate (won / (won + lost)) of deals by the ABC class of their client; deals
-- of clients who never ordered (or of no client at all) under "no_orders". ABC from client_abc.
-- returns: segments_win_rate
-- needs: deals, orders
-- shape: map
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin))
select
    coalesce(abc.abc, 'no_orders')                                                             as segment,
    count(*) filter (where d.status = 'won')
        / nullif(count(*) filter (where d.status in ('won', 'lost')), 0)                 as win_rate
from deals d left join abc using (client_id)
group by 1
order by 1
