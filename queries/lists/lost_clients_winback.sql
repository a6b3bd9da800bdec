-- lost_clients_winback: the clients to win back: every ordering client whose last order is more than
-- $lost_after_days days before $as_of, A and B clients first, then by the revenue they brought.
-- ABC from client_abc (over all ordering clients, on net revenue); the manager is the client's
-- account owner from clients, else the manager of its last order.
-- needs: orders
-- shape: rows
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
last_orders as (
    select client_id, placed_at as last_at, manager as last_manager
    from stg_orders_placed
    qualify row_number() over (partition by client_id order by placed_at desc, order_key desc) = 1
)
select
    a.client_id,
    c.name                                                                   as client,
    a.abc                                                                    as abc_class,
    a.revenue::DOUBLE                                                        as revenue,
    cast(l.last_at as date)                                                  as last_order,
    floor(epoch($as_of::TIMESTAMP - l.last_at) / 86400.0)::INTEGER           as days_since,
    coalesce(c.manager, l.last_manager)                                      as manager
from abc a
join last_orders l using (client_id)
left join clients c using (client_id)
where epoch($as_of::TIMESTAMP - l.last_at) / 86400.0 > $lost_after_days
order by a.abc in ('A', 'B') desc, a.revenue desc, a.client_id
