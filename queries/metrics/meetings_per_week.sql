-- meetings_per_week: meetings per manager per week, over the days from the manager's first meeting
-- to the last one in the log, both counted, in weeks of 7 days (at least one week):
-- {manager: meetings a week}. Every meeting of the log counts, held or not; meetings without a
-- manager are left out.
-- returns: meetings_per_week
-- needs: meetings
-- shape: map
select
    manager,
    count(*) / greatest((max(held_at)::DATE - min(held_at)::DATE + 1) / 7.0, 1.0) as per_week
from meetings
where manager is not null
group by manager
order by manager
