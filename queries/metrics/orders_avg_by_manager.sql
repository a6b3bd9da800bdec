-- orders_avg_by_manager: per manager named on orders, the average order (an order's lines sum to more
-- than 0; the manager of an order is the one on its lines).
-- returns: orders_avg_by_manager
-- needs: orders
-- shape: map
with orders_ as (
    select client_id, order_key, sum(amount) as total, any_value(manager) as manager
    from stg_orders
    group by client_id, order_key
    having sum(amount) > 0
)
select manager, avg(total)::DOUBLE as avg_order
from orders_
where manager is not null
group by manager
order by manager
