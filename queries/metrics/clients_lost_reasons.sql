-- clients_lost_reasons: why deals of the lost clients (last order more than $lost_after_days days
-- before $as_of) were lost, as recorded in deals.lost_reason: reason -> lost deals. Lost deals without
-- a reason are counted under "" (empty).
-- returns: clients_lost_reasons
-- needs: deals, orders
-- shape: map
with lost as (
    select client_id
    from stg_orders_placed
    group by client_id
    having epoch($as_of::TIMESTAMP - max(placed_at)) / 86400.0 > $lost_after_days
)
select coalesce(trim(lost_reason), '') as reason, count(*) as deals
from deals
where status = 'lost' and client_id in (select client_id from lost)
group by 1
order by 2 desc, 1
