-- calls_client_kind: answered calls per manager and kind of client, in counts. A call is with an
-- "existing" client when the number links to a client who placed an order (lines summing to more
-- than 0) on a day before the call; every other call is with a "new" client: a linked client who has
-- not bought yet, or a number unknown to the CRM. Columns: answered calls; under 1 minute, 1-3
-- minutes, over 3 minutes (as call_buckets); shorter than $short_call_s seconds; first calls (the
-- first answered call with a number in the data) and the short ones among them.
-- returns: calls_client_kind
-- needs: calls, orders
-- shape: rows
with first_orders as (
    select client_id, min(first_line_at) as first_order_at from stg_orders_placed group by client_id
),
answered as (
    select
        c.manager, c.duration_s,
        case when f.first_order_at::DATE < c.call_date then 'existing' else 'new' end as client_kind,
        c.phone is not null
            and row_number() over (partition by c.phone order by c.started_at, c.manager, c.duration_s) = 1    as is_first
    from stg_calls c left join first_orders f using (client_id)
    where c.is_answered
)
select
    manager,
    client_kind,
    count(*)                                                        as answered,
    count(*) filter (where duration_s < 60)                         as lt1,
    count(*) filter (where duration_s between 60 and 180)           as "1to3",
    count(*) filter (where duration_s > 180)                        as gt3,
    count(*) filter (where duration_s < $short_call_s)              as short,
    count(*) filter (where is_first)                                as first_calls,
    count(*) filter (where is_first and duration_s < $short_call_s) as first_short
from answered
group by manager, client_kind
order by manager nulls last, client_kind
