-- seller_deal_gaps(as_of): for every seller, the longest stretch without a new deal (seed 000: a
-- manager with no deal for more than two weeks is a signal). Sellers are the people of the staff list
-- active on as_of who are not heads (active_staff); without a staff list, everyone named on a deal
-- (from_staff false: who has left cannot be told). The deals' log ends on its latest creation day
-- ("now"); a seller's stretches, in calendar days between creation days: from his start (the later of
-- his hiring and the log's first day) to his first new deal, between consecutive new deals, and from
-- his last new deal to now.
--   manager, deals (created in the log), last_deal (day), longest_gap_days, current_gap_days, from_staff.
create or replace macro seller_deal_gaps(as_of) as table
with log as (
    select min(created_at)::DATE as first_day, max(created_at)::DATE as last_day
    from deals where created_at is not null
),
staff as (
    select s.manager, m.hired_at
    from active_staff(as_of) s join managers m using (manager)
    where not s.is_head
),
sellers as (
    select manager, hired_at, true as from_staff from staff
    union all
    select distinct manager, null::DATE, false from deals
    where manager is not null and created_at is not null and not exists (select 1 from staff)
),
days as (
    select distinct d.manager, d.created_at::DATE as day
    from deals d join sellers s using (manager)
    where d.created_at is not null
),
gaps as (
    select manager, day, day - lag(day) over (partition by manager order by day) as gap from days
)
select
    s.manager,
    (select count(*) from deals d where d.manager = s.manager and d.created_at is not null)  as deals,
    max(g.day)                                                                               as last_deal,
    greatest(
        coalesce(max(g.gap), 0),
        coalesce(min(g.day), l.last_day) - greatest(l.first_day, coalesce(s.hired_at, l.first_day)),
        l.last_day - coalesce(max(g.day), greatest(l.first_day, coalesce(s.hired_at, l.first_day)))
    )                                                                                        as longest_gap_days,
    l.last_day - coalesce(max(g.day), greatest(l.first_day, coalesce(s.hired_at, l.first_day))) as current_gap_days,
    s.from_staff
from sellers s cross join log l left join gaps g using (manager)
group by s.manager, s.hired_at, s.from_staff, l.first_day, l.last_day
