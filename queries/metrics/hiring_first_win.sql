-- hiring_first_win: how fast a newcomer starts to win. Only people hired after the first deal in the
-- data count (for earlier hires the first win may lie before the export). Days from the hire date
-- to the close of the person's first won deal.
--   hiring_days_to_first_win: the median over newcomers who have won a deal;
--   hiring_newcomers:         people hired after the first deal in the data;
--   hiring_newcomers_no_win:  of them, those with no won deal yet.
-- returns: hiring_days_to_first_win, hiring_newcomers, hiring_newcomers_no_win
-- needs: managers, deals
-- shape: row
with start as (
    select min(created_at) as since from deals
),
newcomers as (
    select manager, hired_at::TIMESTAMP as hired_at
    from managers
    where hired_at::TIMESTAMP > (select since from start) and hired_at < $as_of::TIMESTAMP
),
first_wins as (
    select manager, min(coalesce(closed_at, created_at)) as won_at
    from deals
    where status = 'won' and manager in (select manager from newcomers)
    group by manager
),
ramp as (
    select n.manager, epoch(f.won_at - n.hired_at) / 86400.0 as days
    from newcomers n left join first_wins f using (manager)
)
select
    median(days)                              as hiring_days_to_first_win,
    case when (select count(hired_at) from managers) > 0 then count(*) end as hiring_newcomers,
    case when (select count(hired_at) from managers) > 0 then count(*) filter (where days is null) end
                                              as hiring_newcomers_no_win
from ramp
