-- pipeline_value: the money in open deals (their amounts) and the part of it sitting in stale deals,
-- whose latest stage entry (their creation without history) lies more than $stale_days days before
-- $as_of, as stale_deals counts them.
-- returns: pipeline_open_value, pipeline_stale_value
-- needs: deals
-- shape: row
with last_move as (
    select deal_id, max(entered_at) as moved_at from stage_history group by deal_id
),
open_deals as (
    select
        d.amount,
        epoch($as_of::TIMESTAMP - coalesce(m.moved_at, d.created_at)) / 86400.0 > $stale_days as is_stale
    from deals d left join last_move m using (deal_id)
    where d.status = 'open'
)
select
    case when count(amount) > 0 then sum(amount)::DOUBLE end                                   as pipeline_open_value,
    case when count(amount) > 0 then coalesce(sum(amount) filter (where is_stale), 0)::DOUBLE end as pipeline_stale_value
from open_deals
