-- orders_avg_by_manager: per manager named on orders, the average order (an order's lines sum to more
-- than 0; the manager of an order is the one on its lines).
-- returns: orders_avg_by_manager
-- needs: orders
-- shape: map
select manager, avg(total)::DOUBLE as avg_order
from stg_orders_placed
where manager is not null
group by manager
order by manager
