-- orders_crosssell_by_manager: per manager named on orders, the share of the clients he sold to who
-- bought at least two distinct products from him (lines with amount > 0 and a product).
-- returns: orders_crosssell_by_manager
-- needs: orders
-- shape: map
with sold as (
    select manager, client_id, count(distinct product) as products
    from stg_orders
    where amount > 0 and product is not null and manager is not null
    group by manager, client_id
)
select manager, count(*) filter (where products >= 2) / count(*) as crosssell_rate
from sold
group by manager
order by manager
