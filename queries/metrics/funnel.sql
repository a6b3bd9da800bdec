-- funnel: every stage of the pipeline in order, with the deals that reached it and the conversion
-- from the previous stage. A deal reached a stage when it entered it or any later stage. Stage order
-- comes from the uploaded `stages` table, else from when deals usually enter each stage; the stages
-- of lost deals are not steps of the funnel, won stages come last.
-- returns: funnel
-- needs: deals
-- shape: rows
with lost_stages as (
    select distinct stage from deals where status = 'lost'
),
won_stages as (
    select distinct stage from deals where status = 'won'
),
entries as (   -- every stage a deal has been in: its history, and its current stage
    select deal_id, stage, entered_at from stage_history
    union all
    select deal_id, stage, null from deals
),
steps as (
    select deal_id, stage, min(entered_at) as first_at from entries
    where stage is not null and stage not in (select stage from lost_stages)
    group by deal_id, stage
),
ordinal as (   -- the n-th distinct stage each deal entered
    select stage, row_number() over (partition by deal_id order by first_at nulls last, stage) as n
    from steps
),
ordered as (
    select
        s.stage,
        coalesce(
            (select any_value(position) from stages p where p.stage = s.stage),
            case when (select count(*) from stages) > 0 then null end,
            avg(o.n) + case when s.stage in (select stage from won_stages) then 1e6 else 0 end
        ) as pos
    from (select stage from steps union select stage from stages
          where stage not in (select stage from lost_stages)) s
    left join ordinal o using (stage)
    group by s.stage
),
ranked as (
    select stage, row_number() over (order by pos, stage) as position from ordered where pos is not null
),
furthest as (
    select st.deal_id, max(r.position) as position from steps st join ranked r using (stage) group by st.deal_id
),
final as (
    select r.position, r.stage, count(f.deal_id) as reached
    from ranked r left join furthest f on f.position >= r.position
    group by r.position, r.stage
)
select
    stage,
    reached,
    reached / nullif(lag(reached) over (order by position), 0) as conversion
from final
order by position
