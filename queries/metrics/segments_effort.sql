-- segments_effort: does effort follow value? The C clients' share of ordering clients and of their net
-- revenue, against their share of the calls, of the talk time (answered seconds) and of the meetings
-- held with ordering clients (calls link to clients through calls.client_id, filled when the phone
-- matches a client). ABC from client_abc.
-- returns: segments_c_client_share, segments_c_revenue_share, segments_c_call_share, segments_c_talk_share, segments_c_meeting_share
-- needs: orders
-- shape: row
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
call_effort as (
    select count(*) as calls, count(*) filter (where abc = 'C') as c_calls,
           sum(duration_s) filter (where is_answered) as talk_s,
           sum(duration_s) filter (where is_answered and abc = 'C') as c_talk_s
    from stg_calls join abc using (client_id)
),
meeting_effort as (
    select count(*) as meetings, count(*) filter (where abc = 'C') as c_meetings
    from meetings join abc using (client_id)
)
select
    count(*) filter (where abc = 'C') / nullif(count(*), 0)                              as segments_c_client_share,
    (sum(revenue) filter (where abc = 'C') / nullif(sum(revenue), 0))::DOUBLE            as segments_c_revenue_share,
    any_value(c_calls) / nullif(any_value(calls), 0)                                     as segments_c_call_share,
    coalesce(any_value(c_talk_s), 0) / nullif(any_value(talk_s), 0)                      as segments_c_talk_share,
    any_value(c_meetings) / nullif(any_value(meetings), 0)                               as segments_c_meeting_share
from abc, call_effort, meeting_effort
