-- clients_lost_by_month: lost clients (last order more than $lost_after_days days before $as_of) by the
-- calendar month of their last order ("YYYY-MM"): when the losses happened.
-- returns: clients_lost_by_month
-- needs: orders
-- shape: map
with buyers as (
    select client_id, max(placed_at) as last_at from stg_orders_placed group by client_id
)
select strftime(last_at, '%Y-%m') as month, count(*) as lost
from buyers
where epoch($as_of::TIMESTAMP - last_at) / 86400.0 > $lost_after_days
group by 1
order by 1
