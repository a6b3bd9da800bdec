-- calls_by_manager: one row per manager with the shape of his phone day: calls made and answered,
-- days with calls, the share of answered calls shorter than $short_call_s seconds, the mean and
-- median answered-call length in minutes, the share of answered calls with a recording, the median
-- time of the day's first and last call (fractional hours, 9.5 = 09:30) and the median of each
-- day's longest pause between calls inside working hours ($calls_work_start to $calls_work_end).
-- returns: calls_by_manager
-- needs: calls
-- shape: rows
with timeline as not materialized (   -- read three times; copying the calls once cost more
    select
        manager, call_date, call_hour, started_at, is_answered, duration_s, duration_min, recording_url,
        -- a call occupies the line from its start to the end of the talk
        started_at + to_seconds(coalesce(duration_s, 0)) as ended_at
    from stg_calls
    where manager is not null
),
days as (
    select
        manager, call_date,
        min(started_at) as first_at,
        max(started_at) as last_at
    from timeline
    group by manager, call_date
),
pauses as (   -- time from the end of one call to the start of the next on the same day, within working
              -- hours (one window per manager: a window per manager and day cost twice as much)
    select
        manager, call_date,
        case when lag(call_date) over w = call_date
             then epoch(started_at - lag(ended_at) over w) / 60.0 end   as pause_min
    from timeline
    where call_hour >= $calls_work_start and call_hour < $calls_work_end
    window w as (partition by manager order by started_at)
),
longest_pause as (
    select manager, call_date, max(pause_min) as longest_min
    from pauses
    group by manager, call_date
),
day_shape as (
    select
        d.manager,
        count(*)                                                                  as days,
        median(hour(d.first_at) + minute(d.first_at) / 60.0 + second(d.first_at) / 3600.0) as first_call_h,
        median(hour(d.last_at) + minute(d.last_at) / 60.0 + second(d.last_at) / 3600.0)    as last_call_h,
        median(p.longest_min)                                                     as idle_gap_min
    from days d left join longest_pause p using (manager, call_date)
    group by d.manager
),
talk as (
    select
        manager,
        count(*)                                                                  as calls,
        count(*) filter (where is_answered)                                       as answered,
        count(*) filter (where is_answered and duration_s < $short_call_s)
            / nullif(count(*) filter (where is_answered), 0)                      as short_share,
        avg(duration_min) filter (where is_answered)                              as mean_min,
        median(duration_min) filter (where is_answered)                           as median_min,
        count(*) filter (where is_answered and recording_url is not null)
            / nullif(count(*) filter (where is_answered), 0)                      as recorded_share
    from timeline
    group by manager
)
select
    manager, calls, answered, days, short_share, mean_min, median_min, recorded_share,
    first_call_h, last_call_h, idle_gap_min
from talk join day_shape using (manager)
order by manager
