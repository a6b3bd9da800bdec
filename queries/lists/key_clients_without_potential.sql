-- key_clients_without_potential: the A and B clients whose yearly potential (clients.potential) is not
-- filled in, so their share of wallet cannot be counted: the first clients to ask about it. ABC from
-- client_abc (over all ordering clients); yearly = net revenue in the 365 days before $as_of; the
-- manager is the client's account owner. Ordered by revenue, largest first.
-- needs: orders, clients
-- shape: rows
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
yearly as (
    select client_id, sum(amount) as yearly
    from stg_orders
    where ordered_at >= $as_of::TIMESTAMP - interval 365 day
    group by client_id
)
select
    a.client_id,
    c.name                         as client,
    a.abc                          as abc_class,
    a.revenue::DOUBLE              as revenue,
    coalesce(y.yearly, 0)::DOUBLE  as yearly_revenue,
    c.manager
from abc a
left join clients c using (client_id)
left join yearly y using (client_id)
where a.abc in ('A', 'B') and coalesce(c.potential, 0) <= 0
order by a.revenue desc, a.client_id
