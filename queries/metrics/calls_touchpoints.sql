-- calls_touchpoints: how the phone answers. Working hours are Monday to Friday from $calls_work_start
-- to $calls_work_end o'clock; the missed share of incoming calls inside and outside them, in the
-- evening (from $calls_work_end) and in the morning (before $calls_work_start); how many incoming
-- calls and missed calls fall outside working hours; the median wait in seconds before an incoming
-- call is answered (empty when the export has no wait time).
-- returns: calls_missed_work_rate, calls_missed_off_rate, calls_missed_evening_rate, calls_missed_morning_rate, calls_in_off_hours, calls_missed_off_hours, calls_answer_wait_s
-- needs: calls
-- shape: row
with incoming as (
    select
        is_answered, wait_s, call_hour,
        weekday <= 5 and call_hour >= $calls_work_start and call_hour < $calls_work_end as in_hours
    from stg_calls
    where direction = 'in'
)
select
    count(*) filter (where in_hours and not is_answered)
        / nullif(count(*) filter (where in_hours), 0)                                   as calls_missed_work_rate,
    count(*) filter (where not in_hours and not is_answered)
        / nullif(count(*) filter (where not in_hours), 0)                               as calls_missed_off_rate,
    count(*) filter (where call_hour >= $calls_work_end and not is_answered)
        / nullif(count(*) filter (where call_hour >= $calls_work_end), 0)               as calls_missed_evening_rate,
    count(*) filter (where call_hour < $calls_work_start and not is_answered)
        / nullif(count(*) filter (where call_hour < $calls_work_start), 0)              as calls_missed_morning_rate,
    count(*) filter (where not in_hours)                                                as calls_in_off_hours,
    count(*) filter (where not in_hours and not is_answered)                            as calls_missed_off_hours,
    median(wait_s) filter (where is_answered)                                           as calls_answer_wait_s
from incoming
