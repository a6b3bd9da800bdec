-- clients_lost: clients whose last order is more than $lost_after_days days before $as_of, what they
-- used to bring, and how many big ones are among them. ABC from client_abc.
--   clients_lost_share:        lost clients / ordering clients;
--   clients_lost_revenue_year: their net revenue in the 365 days up to their last order (the yearly
--                              revenue that left with them);
--   clients_lost_a_revenue_year: the same for the lost clients of class A only;
--   clients_lost_a, clients_lost_b: lost clients of class A and of class B;
--   clients_returned_after_gap: clients who once went more than $lost_after_days days without an
--                              order and then ordered again (won back, or came back by themselves).
-- returns: clients_lost_share, clients_lost_revenue_year, clients_lost_a_revenue_year, clients_lost_a, clients_lost_b, clients_returned_after_gap
-- needs: orders
-- shape: row
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
buyers as (
    select client_id, max(placed_at) as last_at,
           epoch($as_of::TIMESTAMP - max(placed_at)) / 86400.0 > $lost_after_days as is_lost
    from stg_orders_placed
    group by client_id
),
lost_revenue as (   -- the lines of each lost client in the year up to its last order
    select sum(o.amount) as revenue, sum(o.amount) filter (where a.abc = 'A') as revenue_a
    from stg_orders o join buyers b using (client_id) left join abc a using (client_id)
    where b.is_lost and o.ordered_at > b.last_at - interval 365 day and o.ordered_at <= b.last_at
),
gaps as (
    select client_id,
           epoch(placed_at - lag(placed_at) over (partition by client_id order by placed_at)) / 86400.0 as gap_days
    from stg_orders_placed
)
select
    count(*) filter (where is_lost) / nullif(count(*), 0)                               as clients_lost_share,
    coalesce((select revenue from lost_revenue), 0)::DOUBLE                             as clients_lost_revenue_year,
    coalesce((select revenue_a from lost_revenue), 0)::DOUBLE                           as clients_lost_a_revenue_year,
    count(*) filter (where is_lost and abc = 'A')                                        as clients_lost_a,
    count(*) filter (where is_lost and abc = 'B')                                        as clients_lost_b,
    (select count(distinct client_id) from gaps where gap_days > $lost_after_days)      as clients_returned_after_gap
from buyers join abc using (client_id)
