-- clients_new_by_month: new clients per calendar month of their first order ("YYYY-MM"); a client
-- is new as in clients_new (first order more than $lost_after_days days after the data begins).
-- returns: clients_new_by_month
-- needs: orders
-- shape: map
with firsts as (
    select client_id, min(placed_at) as first_at from stg_orders_placed group by client_id
)
select strftime(first_at, '%Y-%m') as month, count(*) as new_clients
from firsts
where first_at > (select min(ordered_at) + to_days(cast($lost_after_days as integer)) from orders)
group by 1
order by 1
