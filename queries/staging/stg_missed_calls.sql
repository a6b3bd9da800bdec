-- stg_missed_calls: every missed incoming call with a number (call_id, started_at, call_date, call_hour,
-- weekday, manager, phone, client_id; the metrics read no other column) and what followed:
-- next_contact_at, the first later outgoing call to the number or answered call from it within 7 days
-- (null when none: a conversation weeks later is not a callback); delay_min, minutes until it;
-- called_back_24h, whether it came within 24 hours (results.md's callback_24h_rate).
-- The next contact is found once per number and moment (two missed calls alike share it), so the calls
-- need no row number: a window over them cost more than the join. Which later calls are contacts is
-- asked of the few that the join pairs with a missed call, not of every call before it (a third
-- faster on the million calls of benchmarks/bench_load.py).
create or replace view stg_missed_calls as
with missed as (
    select call_id, started_at, call_date, call_hour, weekday, manager, phone, client_id
    from stg_calls
    where direction = 'in' and not is_answered and phone is not null
),
next_contact as (   -- a contact: an outgoing call, or an answered incoming one
    select
        m.phone, m.started_at,
        min(c.started_at) filter (where c.direction = 'out' or (c.direction = 'in' and c.is_answered))
            as next_contact_at
    from (select distinct phone, started_at from missed) m
    join stg_calls c
      on c.phone = m.phone and c.started_at > m.started_at
     and c.started_at <= m.started_at + interval 7 day
    group by m.phone, m.started_at
)
select
    m.*,
    n.next_contact_at,
    epoch(n.next_contact_at - m.started_at) / 60.0                              as delay_min,
    coalesce(n.next_contact_at <= m.started_at + interval 24 hour, false)       as called_back_24h
from missed m left join next_contact n using (phone, started_at)
