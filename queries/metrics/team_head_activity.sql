-- team_head_activity: does the head of sales sell and work in the CRM himself? The head is the person
-- of the staff list whose role says so (as in team_roster). Over the 365 days before $as_of, the
-- deals he created, the tasks due to him and the calls he made or took, each against the median
-- active seller's (1 = as much as a typical seller; with several heads, their average). Null when no
-- head is marked; a ratio is null when its table was not uploaded.
-- returns: team_head, team_head_deals_ratio, team_head_tasks_ratio, team_head_calls_ratio
-- needs: managers, deals
-- shape: row
with staff as (
    select manager, is_head from active_staff($as_of)
),
window_ as (
    select $as_of::TIMESTAMP - interval 365 day as since
),
deal_counts as (
    select manager, count(*) as n from deals
    where created_at >= (select since from window_) and created_at < $as_of::TIMESTAMP
    group by manager
),
task_counts as (
    select manager, count(*) as n from tasks
    where due_at >= (select since from window_) and due_at < $as_of::TIMESTAMP
    group by manager
),
call_counts as (
    select manager, count(*) as n from calls
    where started_at >= (select since from window_) and started_at < $as_of::TIMESTAMP
    group by manager
),
activity as (
    select
        s.manager, s.is_head,
        coalesce(d.n, 0) as deals, coalesce(t.n, 0) as tasks, coalesce(c.n, 0) as calls
    from staff s
    left join deal_counts d using (manager)
    left join task_counts t using (manager)
    left join call_counts c using (manager)
),
typical as (
    select median(deals) as deals, median(tasks) as tasks, median(calls) as calls
    from activity where not is_head
),
head as (
    select
        string_agg(manager, ', ' order by manager) as names,
        avg(deals) as deals, avg(tasks) as tasks, avg(calls) as calls
    from activity where is_head
    having count(*) > 0
)
select
    h.names                                                                         as team_head,
    h.deals / nullif(t.deals, 0)                                                    as team_head_deals_ratio,
    case when (select count(*) from tasks) > 0 then h.tasks / nullif(t.tasks, 0) end as team_head_tasks_ratio,
    case when (select count(*) from calls) > 0 then h.calls / nullif(t.calls, 0) end as team_head_calls_ratio
from head h, typical t
