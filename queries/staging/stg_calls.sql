-- stg_calls: every call with the calendar fields and flags the call metrics group by.
-- A call is answered when it has talk time (duration_s > 0) or the PBX said so.
create or replace view stg_calls as
select
    calls.*,
    coalesce(duration_s > 0 or status = 'answered', false) as is_answered,
    cast(started_at as date)                as call_date,
    hour(started_at)                        as call_hour,
    isodow(started_at)                      as weekday,
    duration_s / 60.0                       as duration_min
from calls
