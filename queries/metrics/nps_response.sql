-- nps_response: the share of active clients (last order no more than $lost_after_days days before
-- $as_of) who answered the NPS survey at least once.
-- returns: nps_response_rate
-- needs: nps, orders
-- shape: row
with active as (
    select client_id
    from stg_orders_placed
    group by client_id
    having epoch($as_of::TIMESTAMP - max(placed_at)) / 86400.0 <= $lost_after_days
)
select
    count(*) filter (where client_id in (select client_id from nps where score is not null))
        / nullif(count(*), 0)                                                            as nps_response_rate
from active
