-- calls_order_conversion: what an incoming call from a new client is worth. Over incoming calls from
-- numbers linked to a client who had not ordered before the call's day:
-- calls_new_in_answered: the answered ones; calls_new_in_ordered: those after which the client
-- placed a first order within $calls_order_window_days days; calls_new_in_conversion: their share;
-- calls_new_first_order_avg: the average first order of those clients (all their orders of the
-- first day of buying); calls_new_missed_lost: the missed ones with no outgoing call to the number
-- and no answered call from it within 24 hours.
-- Calls from numbers unknown to the CRM are left out: whether they ever bought cannot be seen.
-- returns: calls_new_in_answered, calls_new_in_ordered, calls_new_in_conversion, calls_new_first_order_avg, calls_new_missed_lost
-- needs: calls, orders
-- shape: row
with first_orders as (   -- the client's first day of buying (orders by their earliest line); several
                         -- orders on that day count together
    select client_id, min(first_line_at) as first_order_at,
           sum(total) filter (where first_line_at::DATE = first_day) as first_total
    from (select client_id, total, first_line_at,
                 min(first_line_at::DATE) over (partition by client_id) as first_day
          from stg_orders_placed)
    group by client_id
),
incoming as (   -- incoming calls from clients who had not bought before that day
    select c.is_answered, c.client_id, f.first_order_at, f.first_total,
           f.first_order_at::DATE <= c.call_date + $calls_order_window_days::INTEGER as ordered_soon
    from stg_calls c left join first_orders f using (client_id)
    where c.direction = 'in' and c.client_id is not null
      and (f.first_order_at is null or f.first_order_at::DATE >= c.call_date)
),
missed_lost as (   -- the same calls when missed (and with a number), not called back within 24 hours
    select count(*) as n
    from stg_missed_calls m left join first_orders f using (client_id)
    where m.client_id is not null and not m.called_back_24h
      and (f.first_order_at is null or f.first_order_at::DATE >= m.call_date)
),
converted as (   -- each client once, with the first order that followed the call
    select avg(first_total) as first_order_avg
    from (select client_id, any_value(first_total) as first_total
          from incoming where is_answered and coalesce(ordered_soon, false) group by client_id)
),
counted as (
    select
        count(*) filter (where is_answered)                                    as answered,
        count(*) filter (where is_answered and coalesce(ordered_soon, false))  as ordered
    from incoming
)
select
    answered                                                                   as calls_new_in_answered,
    ordered                                                                    as calls_new_in_ordered,
    ordered / nullif(answered, 0)                                              as calls_new_in_conversion,
    (select first_order_avg::DOUBLE from converted)                            as calls_new_first_order_avg,
    (select n from missed_lost)                                                as calls_new_missed_lost
from counted
