-- calls_callback: what happens after a missed incoming call with a number. The next contact is the
-- first later outgoing call to that number or answered call from it (stg_missed_calls).
-- calls_callback_delay_min: median minutes to the next contact, over missed calls that got one within
-- 7 days (a conversation weeks later is not a callback); calls_missed_not_called_back: missed calls
-- with no contact within 24 hours; calls_missed_with_number: all missed incoming calls with a number.
-- returns: calls_callback_delay_min, calls_missed_not_called_back, calls_missed_with_number
-- needs: calls
-- shape: row
select
    median(delay_min)                                                              as calls_callback_delay_min,
    count(*) filter (where not called_back_24h)                                    as calls_missed_not_called_back,
    count(*)                                                                       as calls_missed_with_number
from stg_missed_calls
