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
        c.manager, c.duration_s, c.phone, c.started_at,
        case when f.first_order_at::DATE < c.call_date then 'existing' else 'new' end as client_kind
    from stg_calls c left join first_orders f using (client_id)
    where c.is_answered
),
earliest as (   -- the moment of the first answered call with each number
    select phone, min(started_at) as at from answered where phone is not null group by phone
),
firsts as (      -- that call (of calls at the same moment, the first by manager, then length)
    select a.manager, a.client_kind, a.duration_s
    from answered a join earliest e on a.phone = e.phone and a.started_at is not distinct from e.at
    qualify row_number() over (partition by a.phone order by a.manager, a.duration_s) = 1
),
first_counts as (
    select manager, client_kind, count(*) as first_calls,
           count(*) filter (where duration_s < $short_call_s) as first_short
    from firsts
    group by manager, client_kind
),
counts as (
    select
        manager,
        client_kind,
        count(*)                                                        as answered,
        count(*) filter (where duration_s < 60)                         as lt1,
        count(*) filter (where duration_s between 60 and 180)           as "1to3",
        count(*) filter (where duration_s > 180)                        as gt3,
        count(*) filter (where duration_s < $short_call_s)              as short
    from answered
    group by manager, client_kind
)
select c.*, coalesce(f.first_calls, 0) as first_calls, coalesce(f.first_short, 0) as first_short
from counts c left join first_counts f
  on f.manager is not distinct from c.manager and f.client_kind = c.client_kind
order by c.manager nulls last, c.client_kind
