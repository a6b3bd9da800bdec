-- stage_order: the steps of the funnel of the funnel_scope pipeline in order (stage, position: 1 =
-- first). This view is the default, for queries run outside an audit: the uploaded `stages` table, else
-- when deals usually enter each stage (history), won stages last; stages where every deal is lost are
-- not steps. An audit decides the order in audits/stages.py and shadows this view with a temporary
-- table of the same name on its own cursor.
create or replace view stage_order as
with pd as (
    select * from deals where pipeline is not distinct from (select pipeline from funnel_scope)
),
lost_stages as (
    select stage from pd where stage is not null group by stage having count(*) = count(*) filter (where status = 'lost')
),
won_stages as (
    select stage from pd where stage is not null group by stage having count(*) = count(*) filter (where status = 'won')
),
entries as (
    select deal_id, stage, entered_at from stage_history where deal_id in (select deal_id from pd)
    union all
    select deal_id, stage, null from pd
),
steps as (
    select deal_id, stage, min(entered_at) as first_at from entries
    where stage is not null and stage not in (select stage from lost_stages)
    group by deal_id, stage
),
ordinal as (
    select stage, row_number() over (partition by deal_id order by first_at nulls last, stage) as n from steps
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
          where stage is not null and stage not in (select stage from lost_stages)) s
    left join ordinal o using (stage)
    group by s.stage
)
select stage, row_number() over (order by pos, stage)::INTEGER as position from ordered where pos is not null
