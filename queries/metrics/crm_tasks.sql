-- crm_tasks: whether open deals carry a next step. An open deal without any task is nobody's next
-- action. A task is overdue when it is not completed and was due before the last day of the data
-- ($as_of - 1 day, the export day): a task due on the day of the export could still be done that day.
--   crm_open_no_task / _share:  open deals with no task at all (count, share of open deals);
--   crm_open_overdue / _share:  open deals with at least one overdue task (count, share of open deals).
-- returns: crm_open_no_task, crm_open_no_task_share, crm_open_overdue, crm_open_overdue_share
-- needs: deals, tasks
-- shape: row
with task_state as (
    select
        deal_id,
        count(*) filter (where completed_at is null and due_at < $as_of::TIMESTAMP - interval 1 day) as overdue
    from tasks
    where deal_id is not null
    group by deal_id
),
open_deals as (
    select d.deal_id, t.deal_id is not null as has_task, coalesce(t.overdue, 0) > 0 as has_overdue
    from deals d left join task_state t using (deal_id)
    where d.status = 'open'
)
select
    count(*) filter (where not has_task)                         as crm_open_no_task,
    count(*) filter (where not has_task) / nullif(count(*), 0)   as crm_open_no_task_share,
    count(*) filter (where has_overdue)                          as crm_open_overdue,
    count(*) filter (where has_overdue) / nullif(count(*), 0)    as crm_open_overdue_share
from open_deals
