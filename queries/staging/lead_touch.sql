-- lead_touch: speed to lead. One row per new deal that can be followed up in the data: a deal created
-- while the call log was running (from the first call to a day before the last, so that every deal had
-- a whole day to be reached) whose client calls can reach (calls link to a client by client_id, which
-- the load also sets by phone match: the client has a phone in the client list or some call names
-- it), or which has a task while the task log records completions. Its first touch is the earliest of:
-- an outgoing call or an answered call with its client at or after the deal's creation; an answered
-- call with the client in the hour before it (the deal was opened from that conversation: touched at
-- creation, 0 minutes); a task on the deal completed at or after its creation (a task has no creation
-- time; one not done is a plan, not a contact).
--   touched_at: that moment (null: nobody contacted the client);  minutes: created_at -> touched_at;
--   has_time: created_at carries a time of day (an export with dates only cannot say minutes).
create or replace view lead_touch as
with span as (
    select min(started_at) as first_call, max(started_at) as last_call from calls
),
base as (
    select d.deal_id, d.client_id, d.manager, nullif(trim(d.channel), '') as channel, d.stage, d.amount,
           d.created_at
    from deals d, span s
    where d.created_at >= s.first_call
      and d.created_at <= s.last_call - interval 1 day
      and ((d.client_id in (select client_id from clients where phone is not null)
            or d.client_id in (select client_id from calls where client_id is not null))
           or (d.deal_id in (select deal_id from tasks where deal_id is not null)
               and exists (select 1 from tasks where completed_at is not null)))
),
call_touch as (
    select b.deal_id, min(greatest(c.started_at, b.created_at)) as at
    from base b join stg_calls c
        on c.client_id = b.client_id and c.started_at >= b.created_at - interval 1 hour
    where (c.started_at >= b.created_at and (c.direction = 'out' or c.is_answered))
       or (c.started_at < b.created_at and c.is_answered)
    group by b.deal_id
),
task_touch as (
    select b.deal_id, min(t.completed_at) as at
    from base b join tasks t on t.deal_id = b.deal_id and t.completed_at >= b.created_at
    group by b.deal_id
)
select
    b.*,
    least(ct.at, tt.at)                                          as touched_at,
    epoch(least(ct.at, tt.at) - b.created_at) / 60.0             as minutes,
    cast(b.created_at as time) <> time '00:00:00'                as has_time
from base b
left join call_touch ct using (deal_id)
left join task_touch tt using (deal_id)
