-- calls_callback: what happens after a missed incoming call with a number. The next contact is the
-- first later outgoing call to that number or answered call from it (as in callback_24h_rate).
-- calls_callback_delay_min: median minutes to the next contact, over missed calls that got one within
-- 7 days (a conversation weeks later is not a callback); calls_missed_not_called_back: missed calls
-- with no contact within 24 hours; calls_missed_with_number: all missed incoming calls with a number.
-- returns: calls_callback_delay_min, calls_missed_not_called_back, calls_missed_with_number
-- needs: calls
-- shape: row
with missed as (
    select row_number() over () as k, phone, started_at
    from stg_calls
    where direction = 'in' and not is_answered and phone is not null
),
contacts as (
    select phone, started_at from stg_calls
    where phone is not null and (direction = 'out' or (direction = 'in' and is_answered))
),
next_contact as (
    select m.k, epoch(min(c.started_at) - m.started_at) / 60.0 as delay_min
    from missed m join contacts c
      on c.phone = m.phone and c.started_at > m.started_at
     and c.started_at <= m.started_at + interval 7 day
    group by m.k, m.started_at
)
select
    (select median(delay_min) from next_contact)                                   as calls_callback_delay_min,
    count(*) - (select count(*) from next_contact where delay_min <= 24 * 60)      as calls_missed_not_called_back,
    count(*)                                                                       as calls_missed_with_number
from missed
